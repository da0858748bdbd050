package org.medledger.apps.drugs.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.Sgtin;

/**
 * Issue 22, finding 4: a scan's place is the network's, not the node's. Two nodes holding the
 * network's key give one network the same place; a node without it counts nothing.
 */
class ScanPlaceTest {
  static final Sgtin PACK = new Sgtin(new Gtin("09506000134352"), "A1");
  static final Sgtin OTHER_PACK = new Sgtin(new Gtin("09506000134352"), "A2");

  /** Only the place digest is exercised: nothing is queued, so the ledger and admission are never reached. */
  private static ScanCounter counter(byte[] key) {
    return new ScanCounter(null, null, null, null, Clock.systemUTC(), key);
  }

  @Test
  void oneNetworkIsOnePlaceThroughEveryNodeHoldingTheNetworksKey() {
    byte[] key = ScanCounter.newNetworkKey();
    try (ScanCounter nodeA = counter(key); ScanCounter nodeB = counter(key.clone()); ScanCounter own = counter(ScanCounter.newNetworkKey())) {
      assertThat(nodeA.place(PACK, "127.0.0.1")).isEqualTo(nodeB.place(PACK, "127.0.0.2")).matches("[0-9a-f]{16}");
      assertThat(nodeA.place(PACK, "2001:db8:1:2::1")).isEqualTo(nodeB.place(PACK, "2001:db8:1:ffff::9"));
      assertThat(nodeA.place(PACK, "127.0.0.1")).as("another /24").isNotEqualTo(nodeB.place(PACK, "127.0.1.1"));
      // The digest covers the pack: a reader without the key cannot link one network's scans of two packs.
      assertThat(nodeA.place(PACK, "127.0.0.1")).isNotEqualTo(nodeA.place(OTHER_PACK, "127.0.0.1"));
      // A key of a node's own (the old behaviour) counted the same network again at every node.
      assertThat(own.place(PACK, "127.0.0.1")).isNotEqualTo(nodeA.place(PACK, "127.0.0.1"));
    }
  }

  @Test
  void aNodeWithoutTheNetworksKeyCountsNoScans() {
    try (ScanCounter off = counter(null)) {
      assertThat(off.counting()).isFalse();
      off.count(PACK, "127.0.0.1");
      assertThat(off.dropped()).isEqualTo(1);
      assertThat(off.submitted()).isZero();
    }
  }
}
