package org.medledger.crypto.x509;

import java.util.Locale;

/** What a certificate's holder does in the consortium; carried as the certificate's OU. */
public enum Role {
  ADMIN, CLINICIAN, PATIENT, REGULATOR, INSURER, MAKER, DISTRIBUTOR, PHARMACY, NODE, SPONSOR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown role '" + s + "'");
    }
  }
}
