package org.medledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;

/**
 * A validator that restarts keeps its lock and also the prevotes that prove it (found by the
 * simulator, seeds 31154, 35820, 134362 and 151929). With only its own messages saved, a
 * validator that locked on A with the help of a prevote nobody else received came back locked
 * but unable to show why: it prevotes nothing but A, and no one else can accept its re-proposal
 * of A, which needs those prevotes (Algorithm 1 line 28). With the prevote's signer down or
 * Byzantine and silent, the height stalled for good.
 */
class ProofOfLockAcrossRestartTest {
  @Test
  void aValidatorRestartedAfterLockingStillShowsThePrevotesBehindItsLock() {
    Cluster c = new Cluster(4, 3);
    // Round 0: validator 2 hears only precommits, so not A nor the prevotes for it.
    c.link = (from, to, m) -> to != 2 || m instanceof Vote v && v.step() == Step.PRECOMMIT;
    c.start();
    Proposal a = c.members[0].sent.stream().filter(m -> m instanceof Proposal).map(m -> (Proposal) m).findFirst().orElseThrow();
    // Byzantine validator 3 prevotes A to validator 0 alone, then falls silent for good.
    c.inject(0, c.vote(Step.PREVOTE, 3, 0, 0, a.valueId()));
    c.runFor(100);
    assertThat(c.members[0].saved.lockedRound()).as("validator 0 locked on A in round 0").isZero();

    c.members[0].crash();
    c.members[0].boot();
    c.link = (from, to, m) -> true;
    c.runFor(60_000);

    for (int i = 0; i < 3; i++) {
      assertThat(c.members[i].decidedAt(0)).as("validator %d decided A", i).isEqualTo(a.valueId());
    }
  }
}
