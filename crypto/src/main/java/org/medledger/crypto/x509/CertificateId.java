package org.medledger.crypto.x509;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/** A certificate's id on the ledger: the suite hash of its DER encoding. */
public final class CertificateId {
  private CertificateId() {}

  public static Hash of(CryptoSuite suite, X509Certificate c) {
    return of(suite.hash(), c);
  }

  public static Hash of(HashFunction hash, X509Certificate c) {
    try {
      return Hash.of(hash.hash(c.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }
}
