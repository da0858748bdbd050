package org.medledger.consensus.message;

import java.util.Arrays;
import java.util.Objects;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.consensus.ConsensusSignBytes;
import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.crypto.Hash;

/**
 * PREVOTE(h, r, id) or PRECOMMIT(h, r, id) of Algorithm 1. A precommit for a value signs exactly
 * the block's commit message ({@link CommitCertificate#commitMessage}), so 2f+1 of them are the
 * block's commit certificate with no second signature.
 */
public record Vote(Step step, long height, int round, Hash valueId, int sender, byte[] signature) implements ConsensusMessage {
  /** The id of "nil" (no value). */
  public static final Hash NIL = Hash.ZERO;

  public Vote {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(valueId, "valueId");
    Objects.requireNonNull(signature, "signature");
  }

  public boolean isNil() {
    return NIL.equals(valueId);
  }

  /** What the voter signs: {@link ConsensusSignBytes#vote} (in core, so evidence can be checked there). */
  public static byte[] signedBytes(String chainId, Step step, long height, int round, Hash valueId) {
    return ConsensusSignBytes.vote(chainId, step.signed(), height, round, valueId);
  }

  @Override
  public byte[] signedBytes(String chainId) {
    return signedBytes(chainId, step, height, round, valueId);
  }

  @Override
  public SignedConsensusMessage signed() {
    return new SignedConsensusMessage(step.signed(), height, round, valueId, -1, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vote v && step == v.step && height == v.height && round == v.round && sender == v.sender
        && valueId.equals(v.valueId) && Arrays.equals(signature, v.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(step, height, round, valueId, sender);
  }

  @Override
  public String toString() {
    return step + "[h=" + height + " r=" + round + " " + (isNil() ? "nil" : valueId.hex().substring(0, 8)) + " from " + sender + "]";
  }
}
