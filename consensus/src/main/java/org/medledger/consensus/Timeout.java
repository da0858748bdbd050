package org.medledger.consensus;

/**
 * A timer of Algorithm 1 (OnTimeoutPropose, OnTimeoutPrevote, OnTimeoutPrecommit for (h, r)), or
 * the retransmission timer that stands in for the paper's gossip.
 */
public record Timeout(Kind kind, long height, int round, long delayMillis) {
  public enum Kind { PROPOSE, PREVOTE, PRECOMMIT, RETRANSMIT }
}
