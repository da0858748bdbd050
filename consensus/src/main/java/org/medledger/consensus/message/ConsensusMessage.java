package org.medledger.consensus.message;

import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.crypto.Hash;

/**
 * What validators say to each other, signed by their author. A closed set: a proposal carries
 * the proposed value itself; votes carry only its id (or nil).
 */
public sealed interface ConsensusMessage permits Proposal, Vote {
  long height();

  int round();

  /** Index of the author in the genesis validator list. */
  int sender();

  byte[] signature();

  /** The bytes the author signed. */
  byte[] signedBytes(String chainId);

  /** What the author signed and its signature, without a proposal's body: half of a piece of evidence. */
  SignedConsensusMessage signed();

  /** Id of the value a vote is for; {@link Vote#NIL} for nil votes. */
  static boolean isNil(Hash id) {
    return id == null || id.equals(Vote.NIL);
  }
}
