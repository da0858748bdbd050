package org.medledger.node.vault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 20 finding 9: early shards held per sending node and in all, each bound refusing with a reason. */
class WaitingBytesTest {
  @Test
  void onePeersFloodFillsOnlyItsShareAndReleasedBytesMakeRoomAgain() {
    WaitingBytes w = new WaitingBytes(100, 150);
    assertThat(w.reserve("org-2", 60)).isEmpty();
    assertThat(w.reserve("org-2", 40)).isEmpty();
    assertThat(w.reserve("org-2", 1)).get().asString().contains("100 bytes").contains("org-2").contains("at most 100");
    assertThat(w.reserve("org-1", 50)).as("another node's shards still land").isEmpty();
    assertThat(w.reserve("org-3", 1)).as("the total is full").get().asString().contains("at most 150");
    assertThat(w.refused()).isEqualTo(2);
    assertThat(w.held()).isEqualTo(150);
    w.release("org-2", 60);
    assertThat(w.heldFrom("org-2")).isEqualTo(40);
    assertThat(w.reserve("org-3", 60)).isEmpty();
    assertThat(w.held()).isEqualTo(150);
  }
}
