package org.medledger.consensus.message;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * Wire form of consensus messages (documented in docs/format.md): a tag byte, then the fields in
 * declaration order. Decoding checks every length; the signature is checked by the engine.
 */
public final class ConsensusMessageCodec {
  private static final int TAG_PROPOSAL = 1;
  private static final int TAG_PREVOTE = 2;
  private static final int TAG_PRECOMMIT = 3;
  private static final int MAX_SIGNATURE = 256;

  private ConsensusMessageCodec() {}

  public static byte[] encode(ConsensusMessage m) {
    if (m instanceof Proposal p) {
      return new CanonicalWriter(p.value().length + 200).u8(TAG_PROPOSAL).u64(p.height()).u32(p.round())
          .u32(p.validRound() + 1).u32(p.sender()).fixed(p.valueId().unsafeBytes(), Hash.LENGTH)
          .bytes(p.signature()).bytes(p.value()).toByteArray();
    }
    Vote v = (Vote) m;
    return new CanonicalWriter(160).u8(v.step() == Step.PREVOTE ? TAG_PREVOTE : TAG_PRECOMMIT).u64(v.height())
        .u32(v.round()).u32(v.sender()).fixed(v.valueId().unsafeBytes(), Hash.LENGTH).bytes(v.signature())
        .toByteArray();
  }

  /** Throws DecodeException naming the bad field. */
  public static ConsensusMessage decode(byte[] bytes, int maxValueBytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int tag = r.u8("message tag");
    ConsensusMessage m;
    switch (tag) {
      case TAG_PROPOSAL -> {
        long height = r.u64("height");
        int round = r.u32("round");
        int validRound = r.u32("valid round") - 1;
        int sender = r.u32("sender");
        Hash id = Hash.of(r.fixed(Hash.LENGTH, "value id"));
        byte[] signature = r.bytes("signature", MAX_SIGNATURE);
        byte[] value = r.bytes("value", maxValueBytes);
        m = new Proposal(height, round, value, id, validRound, sender, signature);
      }
      case TAG_PREVOTE, TAG_PRECOMMIT -> {
        long height = r.u64("height");
        int round = r.u32("round");
        int sender = r.u32("sender");
        Hash id = Hash.of(r.fixed(Hash.LENGTH, "value id"));
        byte[] signature = r.bytes("signature", MAX_SIGNATURE);
        m = new Vote(tag == TAG_PREVOTE ? Step.PREVOTE : Step.PRECOMMIT, height, round, id, sender, signature);
      }
      default -> throw new DecodeException("unknown consensus message tag " + tag);
    }
    r.expectEnd("consensus message");
    if (m.round() < 0 || m.sender() < 0) {
      throw new DecodeException("round and sender must be below 2^31");
    }
    return m;
  }
}
