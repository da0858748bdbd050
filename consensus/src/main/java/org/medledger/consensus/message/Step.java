package org.medledger.consensus.message;

/** The kinds of vote in Tendermint (Buchman, Kwon, Milosevic 2018, Algorithm 1). */
public enum Step {
  PREVOTE,
  PRECOMMIT
}
