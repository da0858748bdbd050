package org.medledger.core.evidence;

import java.util.Arrays;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.consensus.ConsensusStep;
import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.crypto.Hash;

/**
 * Proof that a validator equivocated: two messages it signed for one (height, round, step) that
 * say different things. Neither the pair's order nor which node saw it matters: the signatures
 * alone, checked against the genesis, convict the validator.
 *
 * @param validator the node certificate id of the validator (as in the genesis)
 */
public record Equivocation(Hash validator, SignedConsensusMessage first, SignedConsensusMessage second) {
  public Equivocation {
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
  }

  public ConsensusStep step() {
    return first.step();
  }

  public long height() {
    return first.height();
  }

  public int round() {
    return first.round();
  }

  /** Whether both messages are for the same step of the same height and round. */
  public boolean sameStep() {
    return first.step() == second.step() && first.height() == second.height() && first.round() == second.round();
  }

  /**
   * Whether both messages sign the same content (the same message, perhaps signed twice: an
   * ECDSA signature differs each time it is made, so comparing signatures proves nothing).
   */
  public boolean sameContent(String signingChainId) {
    return Arrays.equals(first.signedBytes(signingChainId), second.signedBytes(signingChainId));
  }

  /** {@code hash validator ‖ signedMessage first ‖ signedMessage second} (docs/format.md). */
  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(400);
    writeTo(w);
    return w.toByteArray();
  }

  public void writeTo(CanonicalWriter w) {
    w.fixed(validator.unsafeBytes(), Hash.LENGTH);
    first.writeTo(w);
    second.writeTo(w);
  }

  public static Equivocation readFrom(CanonicalReader r) {
    Hash validator = Hash.of(r.fixed(Hash.LENGTH, "evidence.validator"));
    return new Equivocation(validator, SignedConsensusMessage.readFrom(r, "evidence.first"),
        SignedConsensusMessage.readFrom(r, "evidence.second"));
  }

  /** Throws DecodeException naming the bad field. */
  public static Equivocation decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    Equivocation e = readFrom(r);
    r.expectEnd("evidence");
    return e;
  }
}
