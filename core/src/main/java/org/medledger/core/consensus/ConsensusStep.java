package org.medledger.core.consensus;

/**
 * The three kinds of message a validator signs in Tendermint (Buchman, Kwon, Milosevic 2018,
 * Algorithm 1). {@link #code} is the message's tag on the wire (docs/format.md, "Consensus
 * messages") and in evidence.
 */
public enum ConsensusStep {
  PROPOSAL(1),
  PREVOTE(2),
  PRECOMMIT(3);

  private final int code;

  ConsensusStep(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The step of a wire tag; IllegalArgumentException naming the tag for any other. */
  public static ConsensusStep ofCode(int code) {
    for (ConsensusStep s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown consensus step " + code + " (1 proposal, 2 prevote, 3 precommit)");
  }

  /** Lower case, as health and the regulator's view show it. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
