package org.medledger.consensus.message;

import org.medledger.core.consensus.ConsensusStep;

/** The kinds of vote in Tendermint (Buchman, Kwon, Milosevic 2018, Algorithm 1). */
public enum Step {
  PREVOTE,
  PRECOMMIT;

  /** The same step as core names it (sign bytes and evidence). */
  public ConsensusStep signed() {
    return this == PREVOTE ? ConsensusStep.PREVOTE : ConsensusStep.PRECOMMIT;
  }
}
