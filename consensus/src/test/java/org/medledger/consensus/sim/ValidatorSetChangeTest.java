package org.medledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.core.block.CommitSeal;
import org.medledger.crypto.Hash;

/**
 * Real engines whose validator set changes at a height, as a passed governance proposal makes
 * the node's schedule do (issue 24 item 2): from {@link #CHANGE} on, key 4 replaces key 3. Every
 * engine switches ids, verifiers, proposer rotation and quorum at that height alike; the joining
 * validator follows before it and votes from it; the removed one follows after it and signs
 * nothing, and its signatures count for no one (the cheat).
 */
class ValidatorSetChangeTest {
  private static final long CHANGE = 4;

  private static Cluster changingAt(int... byzantine) {
    Cluster c = new Cluster(5, Cluster.keysFor(5).validatorSet(4), byzantine);
    c.schedule = h -> h < CHANGE ? c.keys.validatorSetOf(0, 1, 2, 3) : c.keys.validatorSetOf(0, 1, 2, 4);
    return c;
  }

  @Test
  void everyEngineSwitchesAtTheHeightTheJoinerVotesFromItAndTheRemovedOneSignsNothingAfterIt() {
    Cluster c = changingAt();
    c.start();
    c.runFor(5_000);
    assertThat(c.members[1].decided.size()).as("heights past the change").isGreaterThan((int) CHANGE + 1);
    // Without validator 0 the new set (0, 1, 2, 4) reaches its quorum of three only with key 4's votes.
    c.members[0].crash();
    int before = c.members[1].decided.size();
    c.runFor(20_000);
    int after = c.members[1].decided.size();
    assertThat(after).as("the chain goes on with key 4's votes").isGreaterThan(before + 2);

    for (int h = 0; h < after; h++) {
      List<Hash> signers = signers(c.members[1].decided.get(h));
      if (h < CHANGE) {
        assertThat(signers).as("height %d's seals", h).doesNotContain(SimKeys.id(4)).hasSizeGreaterThanOrEqualTo(3);
      } else {
        assertThat(signers).as("height %d's seals", h).doesNotContain(SimKeys.id(3)).hasSizeGreaterThanOrEqualTo(3);
      }
      if (h >= before) {
        assertThat(signers).as("height %d, validator 0 down", h).contains(SimKeys.id(4));
      }
    }
    for (int i : new int[] {2, 3, 4}) {
      Cluster.Member m = c.members[i];
      assertThat(m.decided.size()).as("member %d follows", i).isGreaterThanOrEqualTo(after - 1);
      for (int h = 0; h < Math.min(after, m.decided.size()); h++) {
        assertThat(m.decidedAt(h)).as("member %d at height %d", i, h).isEqualTo(c.members[1].decidedAt(h));
      }
    }
    // What a member sends includes others' messages it relays: only its own key's signatures count.
    assertThat(c.members[4].sent).as("the joiner signs nothing before its height")
        .noneMatch(m -> m.height() < CHANGE && signedBy(c, 4, m)).anyMatch(m -> signedBy(c, 4, m));
    assertThat(c.members[3].sent).as("the removed validator signs nothing from its height")
        .noneMatch(m -> m.height() >= CHANGE && signedBy(c, 3, m)).anyMatch(m -> signedBy(c, 3, m));
  }

  @Test
  void aRemovedValidatorsVotesAndProposalsCountForNoOneAndNeitherDoTheJoinersBeforeItsHeight() {
    Cluster c = changingAt(3, 4); // keys 3 and 4 are the test's: it signs with them
    c.start();
    byte[] fakeEarly = Cluster.value("block:1:fake");
    byte[] fakeLate = Cluster.value("block:" + (CHANGE + 1) + ":fake");
    for (int to = 0; to < 3; to++) {
      // Key 4 before its height, claiming key 3's slot and its own future one.
      for (int slot = 0; slot < 4; slot++) {
        c.inject(to, vote(c, Step.PRECOMMIT, 4, slot, 1, Cluster.idOf(fakeEarly)));
      }
      // Key 3 after its height, in the slot it held (now key 4's), as proposer and voter.
      int proposerSlot = c.keys.validatorSetOf(0, 1, 2, 4).proposer(CHANGE + 1, 0);
      c.inject(to, new Proposal(CHANGE + 1, 0, fakeLate, Cluster.idOf(fakeLate), -1, proposerSlot,
          c.keys.signer(3).sign(Proposal.signedBytes(Cluster.CHAIN, CHANGE + 1, 0, Cluster.idOf(fakeLate), -1))));
      for (int slot = 0; slot < 4; slot++) {
        c.inject(to, vote(c, Step.PREVOTE, 3, slot, CHANGE + 1, Cluster.idOf(fakeLate)));
        c.inject(to, vote(c, Step.PRECOMMIT, 3, slot, CHANGE + 1, Cluster.idOf(fakeLate)));
      }
    }
    c.runFor(3_000);
    // Heights up to the change: three honest of four decide. From it key 4's slot is silent
    // (the test does not speak for it), so the three honest ones still make the quorum of three.
    Cluster.Member m = c.members[0];
    assertThat(m.decided.size()).isGreaterThan((int) CHANGE + 2);
    for (int i = 0; i < 3; i++) {
      assertThat(c.members[i].decided.get(1).id()).isNotEqualTo(Cluster.idOf(fakeEarly));
      assertThat(c.members[i].decided.get((int) CHANGE + 1).id()).isNotEqualTo(Cluster.idOf(fakeLate));
      assertThat(c.members[i].decidedAt(CHANGE + 1)).isEqualTo(m.decidedAt(CHANGE + 1));
      assertThat(c.members[i].engine.evidence()).as("forged messages are not evidence either").isEmpty();
    }
  }

  /**
   * A rotation (issue 24 item 4): validator 3's node certificate becomes key 4 at {@link #CHANGE}.
   * The same node holds both keys and keeps voting, with key 3 before the height and key 4 from
   * it; with validator 0 down its votes are needed for every block. The cheat: key 3 (the old
   * certificate, its real key) signs votes and a proposal after the height in its slot: they count
   * for no one, and the honest ones never decide the value they name.
   */
  @Test
  void aRotatedValidatorVotesWithItsNewKeyFromTheHeightAndItsOldKeyCountsForNoOneAfterIt() {
    Cluster c = changingAt(4); // slot 4 runs no engine: validator 3's node holds key 4
    c.members[3].heldKeys = new int[] {3, 4};
    c.start();
    c.runFor(5_000);
    assertThat(c.members[1].decided.size()).as("heights past the rotation").isGreaterThan((int) CHANGE + 1);
    c.members[0].crash();
    int before = c.members[1].decided.size();
    byte[] fake = Cluster.value("block:" + (before + 1) + ":fake");
    int slot = c.keys.validatorSetOf(0, 1, 2, 4).indexOf(SimKeys.id(4));
    for (int to = 1; to < 3; to++) {
      for (long h = before; h <= before + 2; h++) {
        c.inject(to, vote(c, Step.PREVOTE, 3, slot, h, Cluster.idOf(fake)));
        c.inject(to, vote(c, Step.PRECOMMIT, 3, slot, h, Cluster.idOf(fake)));
      }
    }
    c.runFor(20_000);
    int after = c.members[1].decided.size();
    assertThat(after).as("the chain goes on with the rotated key's votes").isGreaterThan(before + 2);
    for (int h = 0; h < after; h++) {
      List<Hash> signers = signers(c.members[1].decided.get(h));
      assertThat(signers).as("height %d's seals", h).hasSizeGreaterThanOrEqualTo(3)
          .doesNotContain(h < CHANGE ? SimKeys.id(4) : SimKeys.id(3));
      if (h >= before) {
        assertThat(signers).as("height %d, validator 0 down", h).contains(SimKeys.id(4));
        assertThat(c.members[1].decided.get(h).id()).isNotEqualTo(Cluster.idOf(fake));
      }
    }
    assertThat(c.members[3].sent).as("the node signs with its old key before the height only")
        .noneMatch(m -> m.height() >= CHANGE && signedBy(c, 3, m)).anyMatch(m -> signedBy(c, 3, m));
    assertThat(c.members[3].sent).as("and with its new key from the height only")
        .noneMatch(m -> m.height() < CHANGE && signedBy(c, 4, m)).anyMatch(m -> signedBy(c, 4, m));
  }

  /** A round-0 vote signed with key {@code key}, claiming validator slot {@code slot}. */
  private static Vote vote(Cluster c, Step step, int key, int slot, long height, Hash id) {
    return new Vote(step, height, 0, id, slot, c.keys.signer(key).sign(Vote.signedBytes(Cluster.CHAIN, step, height, 0, id)));
  }

  private static boolean signedBy(Cluster c, int key, ConsensusMessage m) {
    return c.keys.validatorSetOf(key).verify(0, m.signedBytes(Cluster.CHAIN), m.signature());
  }

  private static List<Hash> signers(Cluster.Decided d) {
    return d.certificate().seals().stream().map(CommitSeal::validator).toList();
  }
}
