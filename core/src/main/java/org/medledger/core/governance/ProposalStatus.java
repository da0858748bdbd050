package org.medledger.core.governance;

/**
 * Where a proposal stands. Every end is explicit: a proposal is never dropped, it passes, is
 * rejected (too many no votes for it ever to pass), expires (its voting period ended; the view
 * says so from the first block past it, and {@code governance.expire} records it), or is void (it
 * passed, but its terms no longer held: another proposal got there first).
 */
public enum ProposalStatus {
  PENDING, PASSED, REJECTED, EXPIRED, VOID;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static ProposalStatus parse(String text) {
    return valueOf(text.toUpperCase(java.util.Locale.ROOT));
  }
}
