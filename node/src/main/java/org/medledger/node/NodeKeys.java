package org.medledger.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * The node's certificate and key, read from PEM files. The key serves the block signer and the
 * node-to-node TLS handshake only; {@link #toString} never shows it.
 */
public record NodeKeys(X509Certificate certificate, Hash certificateId, Signer signer, java.security.PrivateKey privateKey) {
  @Override
  public String toString() {
    return "NodeKeys[" + certificate.getSubjectX500Principal().getName() + "]";
  }

  public static NodeKeys load(CryptoSuite suite, Path certificateFile, Path privateKeyFile) throws IOException {
    X509Certificate cert = Pem.parseCertificate(Files.readString(certificateFile));
    java.security.PrivateKey key;
    try {
      key = suite.signatures().decodePrivateKey(Pem.decode("PRIVATE KEY", Files.readString(privateKeyFile)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("private key file " + privateKeyFile + ": " + e.getMessage());
    }
    Signer signer = suite.signatures().signer(new KeyPair(cert.getPublicKey(), key));
    byte[] probe = {1, 2, 3};
    if (!suite.signatures().verifier(cert.getPublicKey()).verify(probe, signer.sign(probe))) {
      throw new IllegalArgumentException("private key " + privateKeyFile + " does not match certificate " + certificateFile);
    }
    return new NodeKeys(cert, CertificateId.of(suite.hash(), cert), signer, key);
  }
}
