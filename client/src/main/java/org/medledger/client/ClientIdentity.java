package org.medledger.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * A member's certificate and key, as the SDK uses them to sign transactions and log in. Loaded
 * from a folder holding {@code cert.pem} and {@code key.pem} (what `network init` writes).
 */
public final class ClientIdentity {
  private final CryptoSuite suite;
  private final X509Certificate certificate;
  private final Hash certificateId;
  private final Signer signer;

  public ClientIdentity(CryptoSuite suite, X509Certificate certificate, PrivateKey key) {
    this.suite = suite;
    this.certificate = certificate;
    this.certificateId = CertificateId.of(suite.hash(), certificate);
    this.signer = suite.signatures().signer(new KeyPair(certificate.getPublicKey(), key));
  }

  public static ClientIdentity load(CryptoSuite suite, Path folder) throws IOException {
    X509Certificate cert = Pem.parseCertificate(Files.readString(folder.resolve("cert.pem")));
    PrivateKey key = suite.signatures().decodePrivateKey(Pem.decode("PRIVATE KEY", Files.readString(folder.resolve("key.pem"))));
    return new ClientIdentity(suite, cert, key);
  }

  public CryptoSuite suite() {
    return suite;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  public Hash certificateId() {
    return certificateId;
  }

  public Signer signer() {
    return signer;
  }

  @Override
  public String toString() {
    return "ClientIdentity[" + certificate.getSubjectX500Principal().getName() + "]";
  }
}
