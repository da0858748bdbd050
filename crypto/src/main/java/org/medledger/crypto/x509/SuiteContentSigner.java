package org.medledger.crypto.x509;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Signer;

/**
 * Signs a to-be-signed certificate with the suite's own {@link Signer}. SHA256withECDSA and
 * SM3withSM2 (GM/T 0015-2012, default user id of GM/T 0009 §10) sign exactly what our signers
 * sign, so certificates get the same deterministic, low-S signatures as ledger messages, and the
 * CA key could sit in an HSM behind a Signer.
 */
final class SuiteContentSigner implements ContentSigner {
  private final AlgorithmIdentifier algorithm;
  private final Signer signer;
  private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

  SuiteContentSigner(CryptoSuite suite, Signer signer) {
    this.algorithm = algorithmOf(suite);
    this.signer = signer;
  }

  /** The X.509 signatureAlgorithm of the suite: ecdsa-with-SHA256 or SM2-with-SM3 (1.2.156.10197.1.501). */
  static AlgorithmIdentifier algorithmOf(CryptoSuite suite) {
    return new DefaultSignatureAlgorithmIdentifierFinder().find(suite.signatures().certificateSignatureAlgorithm());
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return algorithm;
  }

  @Override
  public OutputStream getOutputStream() {
    return tbs;
  }

  @Override
  public byte[] getSignature() {
    return signer.sign(tbs.toByteArray());
  }
}
