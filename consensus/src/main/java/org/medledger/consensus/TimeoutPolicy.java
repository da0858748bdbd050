package org.medledger.consensus;

/**
 * Timeouts grow linearly with the round, so after the network stabilises some round lasts long
 * enough for honest validators to hear each other (the paper's partial-synchrony argument, §4).
 */
public record TimeoutPolicy(long baseMillis, long perRoundMillis) {
  public static final TimeoutPolicy DEFAULT = new TimeoutPolicy(1_000, 500);

  public long delay(Timeout.Kind kind, int round) {
    return baseMillis + (long) round * perRoundMillis;
  }
}
