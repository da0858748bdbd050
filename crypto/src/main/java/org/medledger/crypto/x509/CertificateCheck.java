package org.medledger.crypto.x509;

/** The verdict on a presented certificate. */
public sealed interface CertificateCheck {
  record Valid(MemberCertificate member) implements CertificateCheck {}

  /** The reason names what was wrong ("certificate … is revoked", "expired at …"). */
  record Invalid(String reason) implements CertificateCheck {}
}
