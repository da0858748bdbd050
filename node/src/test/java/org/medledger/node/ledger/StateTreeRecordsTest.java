package org.medledger.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.smt.NodeKey;

class StateTreeRecordsTest {
  private static final NodeKey DEEP = NodeKey.decode(ByteBuffer.allocate(12).putLong(5).putShort((short) 12).put((byte) 0xAB)
      .put((byte) 0xC0).array());
  private static final NodeKey ROOT = NodeKey.decode(ByteBuffer.allocate(10).putLong(3).putShort((short) 0).array());

  @Test
  void staleKeysComeBackAsWritten() {
    byte[] record = StateTreeRecords.encodeStale(List.of(DEEP, ROOT));
    assertThat(StateTreeRecords.decodeStale(record)).containsExactly(DEEP, ROOT);
  }

  /**
   * Found by fuzz/LedgerRecordsFuzzTest#staleNodeKeys (crash-1d06c1fa): a record cut inside its
   * last key was read with that key padded with zeros, so pruning would delete a node no block
   * made stale.
   */
  @Test
  void aCutRecordIsRefusedNotPaddedWithZeros() {
    byte[] record = StateTreeRecords.encodeStale(List.of(DEEP, ROOT));
    assertThatThrownBy(() -> StateTreeRecords.decodeStale(Arrays.copyOf(record, record.length - 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the key at byte 13 is 10 bytes, but only 9 follow");
  }
}
