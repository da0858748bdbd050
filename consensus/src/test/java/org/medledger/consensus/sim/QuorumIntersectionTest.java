package org.medledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import org.medledger.consensus.ValidatorSet;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.crypto.Hash;
import org.junit.jupiter.api.Test;

/**
 * Quorums must intersect in an honest validator for every n, not only n = 3f + 1 (issue 21,
 * finding 1). Each scenario runs twice: with the quorum rule of {@link ValidatorSet} (no fork)
 * and with the former 2f + 1 rule (a fork), which shows the scenario really reaches the bug.
 */
class QuorumIntersectionTest {
  /** The former rule, 2⌊(n − 1)/3⌋ + 1: 3 of 5 or of 6. */
  static ValidatorSet twoFPlusOne(int n) {
    return twoFPlusOne(Cluster.keysFor(n).validatorSet());
  }

  static ValidatorSet twoFPlusOne(ValidatorSet real) {
    return new ValidatorSet(real) {
      @Override
      public int quorum() {
        return 2 * maxFaulty() + 1;
      }
    };
  }

  @Test
  void sixHonestValidatorsSplitThreeAndThreeNeverDecideTwoBlocks() {
    Cluster c = partitionedSix(Cluster.keysFor(6).validatorSet());
    assertThat(c.validators.quorum()).isEqualTo(4);
    assertThat(decisionsAt(c, 0)).as("no side of three decides alone").isEmpty();
    c.link = (a, b, m) -> true;
    c.runFor(5_000);
    assertThat(decisionsAt(c, 0)).as("after the heal everyone decides the same block").hasSize(1);
    for (Cluster.Member m : c.members) {
      assertThat(m.decidedAt(0)).isNotNull();
    }
  }

  @Test
  void withTheFormerQuorumTheSameSplitForks() {
    Cluster c = partitionedSix(twoFPlusOne(6));
    assertThat(decisionsAt(c, 0)).as("the scenario reaches the fork").hasSize(2);
  }

  private static Cluster partitionedSix(ValidatorSet validators) {
    Cluster c = new Cluster(6, validators);
    c.link = (a, b, m) -> (a < 3) == (b < 3);
    c.start();
    c.runFor(60_000);
    return c;
  }

  @Test
  void anEquivocatingProposerAmongFiveCannotSplitTheHonestFour() {
    Cluster c = equivocatorAmongFive(Cluster.keysFor(5).validatorSet());
    assertThat(decisionsAt(c, 0)).as("one block at height 0").hasSizeLessThanOrEqualTo(1);
    c.runFor(10_000);
    assertThat(decisionsAt(c, 0)).hasSize(1);
    for (int i = 1; i < 5; i++) {
      assertThat(c.members[i].decidedAt(0)).as("validator %d decided", i).isNotNull();
    }
    assertThat(c.members[1].engine.evidence()).anySatisfy(e -> assertThat(e.validator()).isZero());
  }

  @Test
  void withTheFormerQuorumTheEquivocatorSplitsFive() {
    Cluster c = equivocatorAmongFive(twoFPlusOne(5));
    assertThat(decisionsAt(c, 0)).as("the scenario reaches the fork").hasSize(2);
  }

  /** Validator 0 proposes A, prevotes and precommits A to {1, 2} and the same for B to {3, 4}. */
  private static Cluster equivocatorAmongFive(ValidatorSet validators) {
    Cluster c = new Cluster(5, validators, 0);
    c.start();
    send(c, Cluster.value("block:0:0:0:A"), 1, 2);
    send(c, Cluster.value("block:0:0:0:B"), 3, 4);
    c.runFor(900);
    return c;
  }

  private static void send(Cluster c, byte[] value, int... to) {
    Proposal p = c.proposal(0, 0, 0, value, -1);
    Hash id = p.valueId();
    for (ConsensusMessage m : new ConsensusMessage[] {p, c.vote(Step.PREVOTE, 0, 0, 0, id), c.vote(Step.PRECOMMIT, 0, 0, 0, id)}) {
      c.injectAll(m, to);
    }
  }

  static TreeSet<Hash> decisionsAt(Cluster c, long height) {
    TreeSet<Hash> ids = new TreeSet<>();
    for (Cluster.Member m : c.members) {
      if (!m.byzantine && m.decidedAt(height) != null) {
        ids.add(m.decidedAt(height));
      }
    }
    return ids;
  }
}
