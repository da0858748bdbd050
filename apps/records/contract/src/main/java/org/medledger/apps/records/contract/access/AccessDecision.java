package org.medledger.apps.records.contract.access;

import java.util.Objects;
import org.medledger.crypto.Hash;

/**
 * The policy point's answer to one read: served or refused, on what basis, under which consent
 * (or {@link Hash#ZERO}), and a reason a person can read. A refusal's reason says what was
 * missing, never what another patient's consents hold.
 */
public record AccessDecision(boolean served, Basis basis, Hash consent, String reason) {
  /** Why a read was served, or {@link #NONE} when it was refused. */
  public enum Basis {
    PATIENT, CUSTODIAN, CONSENT, BREAK_GLASS, NONE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static Basis parse(String s) {
      for (Basis b : values()) {
        if (b.wireName().equals(s)) {
          return b;
        }
      }
      throw new IllegalArgumentException("basis '" + s + "' is not patient, custodian, consent, break-glass or none");
    }
  }

  public AccessDecision {
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(reason, "reason");
  }

  static AccessDecision serve(Basis basis, Hash consent, String reason) {
    return new AccessDecision(true, basis, consent, reason);
  }

  static AccessDecision refuse(String reason) {
    return new AccessDecision(false, Basis.NONE, Hash.ZERO, reason);
  }
}
