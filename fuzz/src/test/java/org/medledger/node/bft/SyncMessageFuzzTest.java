package org.medledger.node.bft;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;
import org.medledger.core.block.Block;
import org.medledger.core.codec.DecodeException;
import org.medledger.fuzz.Canonical;
import org.medledger.fuzz.GoldenBlocks;

/** State-sync requests and replies from a peer: refused with a DecodeException or written back unchanged. */
class SyncMessageFuzzTest {
  @FuzzTest
  void decodesOrRefuses(byte[] input) {
    SyncMessage message;
    try {
      message = SyncMessage.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("SyncMessage.decode", input, SyncMessage.encode(message));
  }

  /** A status, a request, a reply of two golden blocks. */
  static Map<String, List<byte[]>> seeds() {
    List<Block> blocks = GoldenBlocks.first("intl", 2);
    return Map.of("decodesOrRefuses", List.of(
        SyncMessage.encode(new SyncMessage.Status(42)),
        SyncMessage.encode(new SyncMessage.GetBlocks(5, 64)),
        SyncMessage.encode(new SyncMessage.Blocks(List.of(blocks.get(0).encode(), blocks.get(1).encode())))));
  }
}
