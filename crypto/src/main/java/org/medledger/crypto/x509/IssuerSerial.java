package org.medledger.crypto.x509;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate named the way a CRL names it (RFC 5280 §5.3: issuer and serial number). The
 * issuer is kept in the canonical RFC 2253 form, so two spellings of one name compare equal.
 */
public record IssuerSerial(String issuer, BigInteger serial) {
  public IssuerSerial {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serial, "serial");
    try {
      issuer = new X500Principal(issuer).getName(X500Principal.CANONICAL);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("issuer '" + issuer + "' is not a distinguished name");
    }
  }

  public static IssuerSerial of(X509Certificate c) {
    return new IssuerSerial(c.getIssuerX500Principal().getName(X500Principal.CANONICAL), c.getSerialNumber());
  }
}
