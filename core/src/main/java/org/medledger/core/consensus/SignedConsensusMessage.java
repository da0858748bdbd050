package org.medledger.core.consensus;

import java.util.Arrays;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * What one validator signed for one step of consensus, without the proposed block (a proposal's
 * signature covers its value id, not its body), so a node can check the signature with only the
 * genesis: the half of a piece of evidence.
 *
 * @param validRound a proposal's validRound (−1 for none); always −1 for a vote
 */
public record SignedConsensusMessage(ConsensusStep step, long height, int round, Hash valueId, int validRound,
    byte[] signature) {
  public static final int MAX_SIGNATURE_BYTES = 256;

  public SignedConsensusMessage {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(valueId, "valueId");
    Objects.requireNonNull(signature, "signature");
    if (height < 0 || round < 0) {
      throw new IllegalArgumentException("height and round must not be negative");
    }
    if (step == ConsensusStep.PROPOSAL ? validRound < -1 || validRound >= round : validRound != -1) {
      throw new IllegalArgumentException(step == ConsensusStep.PROPOSAL
          ? "a proposal's validRound must be -1 or below its round" : "a vote has no validRound");
    }
    if (signature.length > MAX_SIGNATURE_BYTES) {
      throw new IllegalArgumentException("signature longer than " + MAX_SIGNATURE_BYTES + " bytes");
    }
    signature = signature.clone();
  }

  /** The bytes its author signed ({@link ConsensusSignBytes}) under {@code signingChainId}. */
  public byte[] signedBytes(String signingChainId) {
    return step == ConsensusStep.PROPOSAL
        ? ConsensusSignBytes.proposal(signingChainId, height, round, valueId, validRound)
        : ConsensusSignBytes.vote(signingChainId, step, height, round, valueId);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * {@code u8 step ‖ u64 height ‖ u32 round ‖ hash valueId ‖ u32 (validRound + 1) ‖ bytes
   * signature} (docs/format.md, "Evidence of equivocation").
   */
  public void writeTo(CanonicalWriter w) {
    w.u8(step.code()).u64(height).u32(round).fixed(valueId.unsafeBytes(), Hash.LENGTH).u32(validRound + 1).bytes(signature);
  }

  /** Throws DecodeException (or IllegalArgumentException) naming the bad field under {@code what}. */
  public static SignedConsensusMessage readFrom(CanonicalReader r, String what) {
    int code = r.u8(what + ".step");
    ConsensusStep step;
    try {
      step = ConsensusStep.ofCode(code);
    } catch (IllegalArgumentException e) {
      throw new org.medledger.core.codec.DecodeException(what + ".step: " + e.getMessage());
    }
    long height = r.u64(what + ".height");
    int round = r.u32(what + ".round");
    Hash id = Hash.of(r.fixed(Hash.LENGTH, what + ".valueId"));
    int validRound = r.u32(what + ".validRound") - 1;
    byte[] signature = r.bytes(what + ".signature", MAX_SIGNATURE_BYTES);
    try {
      return new SignedConsensusMessage(step, height, round, id, validRound, signature);
    } catch (IllegalArgumentException e) {
      throw new org.medledger.core.codec.DecodeException(what + ": " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedConsensusMessage m && step == m.step && height == m.height && round == m.round
        && validRound == m.validRound && valueId.equals(m.valueId) && Arrays.equals(signature, m.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(step, height, round, valueId, validRound);
  }

  @Override
  public String toString() {
    return step.wireName() + "[h=" + height + " r=" + round + " " + (ConsensusSignBytes.NIL.equals(valueId) ? "nil"
        : valueId.hex().substring(0, 8)) + (step == ConsensusStep.PROPOSAL ? " vr=" + validRound : "") + "]";
  }
}
