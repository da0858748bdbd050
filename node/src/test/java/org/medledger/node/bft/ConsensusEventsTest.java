package org.medledger.node.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A flooding peer cannot crowd out timers or other peers (issue 21, finding 6). */
class ConsensusEventsTest {
  @Test
  void aFloodingPeerLosesItsExcessButTimersAndOtherPeersGetThrough() throws InterruptedException {
    ConsensusEvents events = new ConsensusEvents(100);
    List<String> ran = new ArrayList<>();
    int accepted = 0;
    for (int i = 0; i < 10_000; i++) {
      accepted += events.offerFromPeer("byzantine", () -> ran.add("flood")) ? 1 : 0;
    }
    assertThat(accepted).isEqualTo(100);
    events.offerLocal(() -> ran.add("precommit timeout"));
    assertThat(events.offerFromPeer("honest", () -> ran.add("honest vote"))).isTrue();
    Runnable r;
    while ((r = events.poll(0, TimeUnit.MILLISECONDS)) != null) {
      r.run();
    }
    assertThat(ran).contains("precommit timeout", "honest vote").hasSize(102);
    // Once drained, the peer has its share again.
    assertThat(events.offerFromPeer("byzantine", () -> { })).isTrue();
  }

  @Test
  void timersAreNeverDroppedHoweverManyAreQueued() {
    ConsensusEvents events = new ConsensusEvents(1);
    for (int i = 0; i < 200_000; i++) {
      events.offerLocal(() -> { });
    }
    assertThat(events.size()).isEqualTo(200_000);
  }
}
