package org.medledger.apps.insurance.contract;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a claim stands. A claim is adjudicated as it is submitted: it is {@code ADJUDICATED} when
 * the rules decide it, {@code PENDED} for the insurer's assessor when they cannot (then {@code
 * APPROVED} or {@code DENIED}); the insurer's payment makes an adjudicated or approved claim {@code
 * PAID}; the submitter may withdraw it before payment. Paid, denied and withdrawn are final. A
 * pended claim past its deadline is shown {@code escalated} ({@link Claim#shownStatus}); that is a
 * view of block time, not a state of its own.
 */
public enum ClaimStatus {
  ADJUDICATED, PENDED, APPROVED, DENIED, PAID, WITHDRAWN;

  /** The states each state may move to; anything else is refused. */
  public Set<ClaimStatus> next() {
    return switch (this) {
      case ADJUDICATED, APPROVED -> EnumSet.of(PAID, WITHDRAWN);
      case PENDED -> EnumSet.of(APPROVED, DENIED, WITHDRAWN);
      case DENIED, PAID, WITHDRAWN -> EnumSet.noneOf(ClaimStatus.class);
    };
  }

  public boolean mayBecome(ClaimStatus target) {
    return next().contains(target);
  }

  /** Whether the claim's adjudication counts against the policy year's deductible and annual limit. */
  boolean countsAgainstUsage() {
    return this == ADJUDICATED || this == APPROVED || this == PAID;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
