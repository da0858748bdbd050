package org.medledger.consensus.message;

import java.util.Arrays;
import java.util.Objects;
import org.medledger.core.consensus.ConsensusSignBytes;
import org.medledger.core.consensus.ConsensusStep;
import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.crypto.Hash;

/**
 * PROPOSAL(h, r, v, vr) of Algorithm 1: the proposer of round r offers value v (an encoded
 * block), with vr the round in which v became valid for it, or -1.
 */
public record Proposal(long height, int round, byte[] value, Hash valueId, int validRound, int sender, byte[] signature)
    implements ConsensusMessage {
  public Proposal {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(valueId, "valueId");
    Objects.requireNonNull(signature, "signature");
  }

  /** What the proposer signs: {@link ConsensusSignBytes#proposal} (in core, so evidence can be checked there). */
  public static byte[] signedBytes(String chainId, long height, int round, Hash valueId, int validRound) {
    return ConsensusSignBytes.proposal(chainId, height, round, valueId, validRound);
  }

  @Override
  public byte[] signedBytes(String chainId) {
    return signedBytes(chainId, height, round, valueId, validRound);
  }

  @Override
  public SignedConsensusMessage signed() {
    return new SignedConsensusMessage(ConsensusStep.PROPOSAL, height, round, valueId, validRound, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Proposal p && height == p.height && round == p.round && validRound == p.validRound
        && sender == p.sender && valueId.equals(p.valueId) && Arrays.equals(signature, p.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(height, round, valueId, validRound, sender);
  }

  @Override
  public String toString() {
    return "Proposal[h=" + height + " r=" + round + " v=" + valueId.hex().substring(0, 8) + " vr=" + validRound + " from " + sender + "]";
  }
}
