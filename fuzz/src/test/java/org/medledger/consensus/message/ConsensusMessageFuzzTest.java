package org.medledger.consensus.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.medledger.fuzz.Canonical;

/** Proposals and votes from a peer: refused with a DecodeException or written back unchanged. */
class ConsensusMessageFuzzTest {
  private static final int MAX_VALUE_BYTES = 1 << 20;

  @FuzzTest
  void decodesOrRefuses(byte[] input) {
    ConsensusMessage message;
    try {
      message = ConsensusMessageCodec.decode(input, MAX_VALUE_BYTES);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("ConsensusMessageCodec.decode", input, ConsensusMessageCodec.encode(message));
  }

  /** A proposal (fresh and re-proposed), a prevote, a nil precommit. */
  static Map<String, List<byte[]>> seeds() {
    byte[] id = new byte[32];
    id[0] = 7;
    byte[] sig = new byte[70];
    java.util.Arrays.fill(sig, (byte) 0x45);
    byte[] value = "a block's bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Map.of("decodesOrRefuses", List.of(
        ConsensusMessageCodec.encode(new Proposal(3, 0, value, Hash.of(id), -1, 1, sig)),
        ConsensusMessageCodec.encode(new Proposal(3, 2, value, Hash.of(id), 1, 2, sig)),
        ConsensusMessageCodec.encode(new Vote(Step.PREVOTE, 3, 0, Hash.of(id), 0, sig)),
        ConsensusMessageCodec.encode(new Vote(Step.PRECOMMIT, 3, 1, Hash.ZERO, 3, sig))));
  }
}
