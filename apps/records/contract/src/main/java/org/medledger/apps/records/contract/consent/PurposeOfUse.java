package org.medledger.apps.records.contract.consent;

import java.util.Locale;

/**
 * Why data is read: codes of HL7 v3 PurposeOfUse (the value set FHIR Consent's
 * {@code provision.purpose} and the IHE BALP AuditEvent use).
 */
public enum PurposeOfUse {
  /** Treatment. */
  TREAT,
  /** Emergency treatment: the break-glass purpose. */
  ETREAT,
  /** Coordination of care (referrals). */
  COC,
  /** Payment (insurance claims). */
  HPAYMT,
  /** Healthcare operations. */
  HOPERAT,
  /** Research. */
  HRESCH,
  /** Public health. */
  PUBHLTH,
  /** At the patient's own request. */
  PATRQT;

  public static PurposeOfUse parse(String code) {
    try {
      return valueOf(code.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("purpose '" + code + "' is not an HL7 PurposeOfUse code this ledger knows "
          + "(TREAT, ETREAT, COC, HPAYMT, HOPERAT, HRESCH, PUBHLTH, PATRQT)");
    }
  }

  /**
   * The code exactly as the ledger writes it, for the canonical decoders: {@link #parse} takes any
   * case, which would give one signed read request or access event several encodings.
   */
  public static PurposeOfUse ofCode(String code) {
    PurposeOfUse p = parse(code);
    if (!p.name().equals(code)) {
      throw new IllegalArgumentException("purpose '" + code + "' must be written as its code " + p.name());
    }
    return p;
  }
}
