package org.medledger.node.bft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;

class SyncMessageTest {
  @Test
  void everyMessageReadsBackToItsOwnBytes() {
    for (SyncMessage m : List.of(new SyncMessage.Status(42), new SyncMessage.GetBlocks(5, SyncMessage.MAX_BLOCKS_PER_REPLY),
        new SyncMessage.GetBlocks(0, 0), new SyncMessage.Blocks(List.of(new byte[] {1, 2}, new byte[0])))) {
      byte[] bytes = SyncMessage.encode(m);
      assertThat(SyncMessage.encode(SyncMessage.decode(bytes))).isEqualTo(bytes);
    }
  }

  /** The fuzzer's input (fuzz/…/SyncMessageFuzzTestInputs/crash-43bf…): it was capped to 512 and re-encoded differently. */
  @Test
  void refusesARequestForMoreBlocksThanAReplyCarries() {
    byte[] fuzzed = HexFormat.of().parseHex("02000000000000240500696e40");
    assertThatThrownBy(() -> SyncMessage.decode(fuzzed)).isInstanceOf(DecodeException.class).hasMessageContaining("count");
    byte[] negative = SyncMessage.encode(new SyncMessage.GetBlocks(1, 0));
    negative[9] = (byte) 0x80;
    assertThatThrownBy(() -> SyncMessage.decode(negative)).isInstanceOf(DecodeException.class).hasMessageContaining("count");
  }

  @Test
  void refusesHeightsOfTwoToTheSixtyThreeOrMore() {
    byte[] status = SyncMessage.encode(new SyncMessage.Status(1));
    status[1] = (byte) 0x80;
    assertThatThrownBy(() -> SyncMessage.decode(status)).isInstanceOf(DecodeException.class).hasMessageContaining("2^63");
    byte[] request = SyncMessage.encode(new SyncMessage.GetBlocks(1, 1));
    request[1] = (byte) 0xff;
    assertThatThrownBy(() -> SyncMessage.decode(request)).isInstanceOf(DecodeException.class).hasMessageContaining("from");
  }
}
