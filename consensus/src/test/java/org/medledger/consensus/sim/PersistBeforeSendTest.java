package org.medledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Vote;
import org.medledger.crypto.Hash;

/**
 * A validator's message leaves only once the state holding it is durable; when saving fails the
 * engine sends nothing more, not even by retransmission (issue 21, finding 2).
 */
class PersistBeforeSendTest {
  @Test
  void aVoteWhoseSaveFailedNeverLeavesAndTheValidatorStops() {
    Cluster c = new Cluster(4);
    // Validator 1 saves its prevote, then its disk fails at the precommit.
    c.members[1].savesBeforeFailure = 1;
    c.start();
    c.runFor(30_000);

    Cluster.Member m = c.members[1];
    assertThat(m.stoppedBy).as("the failed save stopped validator 1").isNotNull();
    assertThat(m.stoppedBy).hasMessageContaining("could not save its consensus state");
    assertThat(m.engine.halted()).isTrue();
    assertThat(m.sent).as("validator 1 sent its prevote").isNotEmpty();
    for (ConsensusMessage sent : m.sent) {
      assertThat(m.saved.own()).as("every message that left is in the saved state").contains(sent);
    }
    for (int i : new int[] {0, 2, 3}) {
      assertThat(c.members[i].decidedAt(0)).as("the other three decide without it").isNotNull();
    }
  }

  @Test
  void restartedAfterTheDiskIsFixedItSignsNothingContradictingWhatLeft() {
    Cluster c = new Cluster(4);
    c.members[1].savesBeforeFailure = 1;
    c.start();
    c.runFor(30_000);

    Cluster.Member m = c.members[1];
    int before = m.sent.size();
    m.savesBeforeFailure = Integer.MAX_VALUE;
    m.boot();
    c.runFor(10_000);
    assertThat(m.sent.size()).as("it re-sent its saved messages").isGreaterThan(before);
    Map<String, Hash> said = new TreeMap<>();
    for (ConsensusMessage s : m.sent) {
      String step = s.height() + "/" + s.round() + "/" + s.getClass().getSimpleName()
          + (s instanceof Vote v ? v.step() : "");
      Hash id = s instanceof Vote v ? v.valueId() : ((Proposal) s).valueId();
      assertThat(said.putIfAbsent(step, id)).as("validator 1 said one thing at %s", step).isIn(null, id);
    }
  }

  @Test
  void aProposerWhoseFirstSaveFailsSendsNoProposal() {
    Cluster c = new Cluster(4);
    c.members[0].savesBeforeFailure = 0; // the proposer of height 0, round 0
    c.start();
    c.runFor(30_000);
    assertThat(c.members[0].sent).isEmpty();
    assertThat(c.members[0].stoppedBy).isNotNull();
    assertThat(c.members[2].decidedAt(0)).as("round 1 decides without it").isNotNull();
  }
}
