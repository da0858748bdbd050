package org.medledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.crypto.Hash;

/**
 * After an equivocating proposer, a validator that heard A first can still decide B once a
 * quorum precommits B (Algorithm 1 line 49 accepts any proposal from the proposer; issue 21,
 * finding 5), and a flood of proposals for one round keeps only what validators vote for.
 */
class ProposalEquivocationTest {
  @Test
  void aValidatorThatHeardAFirstDecidesBWhenAQuorumPrecommitsB() {
    Cluster c = new Cluster(4, 0);
    c.start();
    Proposal a = c.proposal(0, 0, 0, Cluster.value("block:0:0:0:A"), -1);
    Proposal b = c.proposal(0, 0, 0, Cluster.value("block:0:0:0:B"), -1);
    c.inject(1, a);
    c.runFor(5);
    c.injectAll(b, 1, 2, 3);
    c.injectAll(c.vote(Step.PREVOTE, 0, 0, 0, b.valueId()), 1, 2, 3);
    c.injectAll(c.vote(Step.PRECOMMIT, 0, 0, 0, b.valueId()), 1, 2, 3);
    c.runFor(5_000);
    for (int i = 1; i < 4; i++) {
      assertThat(c.members[i].decidedAt(0)).as("validator %d decided B", i).isEqualTo(b.valueId());
    }
    assertThat(c.members[1].engine.evidence()).anySatisfy(e -> assertThat(e.validator()).isZero());
  }

  @Test
  void aFloodOfProposalsForOneRoundIsNotKept() {
    Cluster c = new Cluster(4, 0);
    c.start();
    for (int k = 0; k < 200; k++) {
      c.inject(1, c.proposal(0, 0, 0, Cluster.value("block:0:0:0:flood" + k), -1));
    }
    c.runFor(1_500);
    // Validator 1 rebroadcasts what it keeps: at most two of validator 0's proposals.
    long relayed = c.members[1].sent.stream().filter(m -> m instanceof Proposal p && p.sender() == 0)
        .map(m -> ((Proposal) m).valueId()).distinct().count();
    assertThat(relayed).isLessThanOrEqualTo(2);
    assertThat(c.members[1].engine.evidence()).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void aFloodOfVotesAndFarFutureProposalsIsNeitherKeptNorRelayed() {
    Cluster c = new Cluster(4, 3);
    c.link = (from, to, m) -> false;
    c.start();
    for (int k = 0; k < 500; k++) {
      Hash id = Cluster.idOf(Cluster.value("block:0:flood:" + k));
      c.inject(1, c.vote(Step.PREVOTE, 3, 0, 0, id));
      c.inject(1, c.vote(Step.PRECOMMIT, 3, 0, 0, id));
      int far = 3 + 4 * (1 + k); // rounds validator 3 proposes in
      c.inject(1, c.proposal(3, 0, far, Cluster.value("block:0:far:" + k), -1));
    }
    // Validator 1 hears nobody else, so it stays at height 0 and relays what it keeps every second.
    c.link = (from, to, m) -> false;
    c.runFor(2_500);
    long relayedVotes = c.members[1].sent.stream().filter(m -> m instanceof Vote v && v.sender() == 3).count();
    long relayedProposals = c.members[1].sent.stream().filter(m -> m instanceof Proposal p && p.sender() == 3).count();
    assertThat(relayedProposals).as("far-future proposals are not relayed").isZero();
    // At most two values per step are kept, each relayed once a second (at most twice here).
    assertThat(relayedVotes).isLessThanOrEqualTo(2 * 2 * 2);
    assertThat(relayedVotes).as("what it kept is relayed").isPositive();
    assertThat(c.members[1].engine.evidence()).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void aLaggingClockStillLocksOnAndDecidesAValueOthersFoundTimely() {
    Cluster c = new Cluster(4);
    // Validator 2's clock finds validator 0's proposals too far ahead; the others do not.
    c.members[2].timely = v -> !new String(v).startsWith("block:0:0:");
    c.start();
    c.runFor(5_000);
    Hash decided = c.members[0].decidedAt(0);
    assertThat(decided).isNotNull();
    assertThat(c.members[0].decided.get(0).round()).as("decided in round 0").isZero();
    assertThat(c.members[2].decidedAt(0)).as("validator 2 decides it too").isEqualTo(decided);
    // It prevoted nil (not timely to it) but precommitted the value once a quorum prevoted it.
    assertThat(c.members[2].sent).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Vote.class,
        v -> assertThat(v.step() == Step.PREVOTE && v.isNil()).isTrue()));
    assertThat(c.members[2].sent).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Vote.class,
        v -> assertThat(v.step() == Step.PRECOMMIT && v.valueId().equals(decided)).isTrue()));
  }
}
