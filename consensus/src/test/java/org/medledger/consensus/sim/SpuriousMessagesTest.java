package org.medledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * Messages the engine must refuse without harm (after Besu's spurious-behaviour tests, issue 19
 * item 1): votes and proposals for heights far ahead, and messages signed by a key the genesis
 * does not name, whoever they claim to be from. A proposer that shows different peers different
 * proposals is the twin leader of every Twins scenario ({@code twins/TwinsTest}) and {@link
 * ProposalEquivocationTest}; a commit certificate with a bad seal is {@code
 * twins/ForgedCertificateTest}.
 */
class SpuriousMessagesTest {
  @Test
  void votesAndProposalsForHeightsFarAheadChangeNothingAndAreNotRelayed() {
    Cluster c = new Cluster(4, 3);
    c.start();
    long[] far = {3, 50, 1_000_000, Long.MAX_VALUE / 2};
    for (long h : far) {
      Hash id = Cluster.idOf(Cluster.value("block:" + h + ":3:far"));
      int round = (int) Math.floorMod(3 - h, 4L); // a round validator 3 proposes in at that height
      for (int to = 0; to < 3; to++) {
        c.inject(to, c.vote(Step.PREVOTE, 3, h, 0, id));
        c.inject(to, c.vote(Step.PRECOMMIT, 3, h, 0, id));
        c.inject(to, c.proposal(3, h, round, Cluster.value("block:" + h + ":3:far"), -1));
      }
    }
    c.runFor(20_000);
    long decided = c.members[0].decided.size();
    assertThat(decided).as("the three honest validators go on deciding").isGreaterThanOrEqualTo(3);
    for (int i = 0; i < 3; i++) {
      Cluster.Member m = c.members[i];
      assertThat(m.engine.height()).as("validator %d's height", i).isLessThan(100);
      for (int h = 0; h < Math.min(decided, m.decided.size()); h++) {
        assertThat(m.decidedAt(h)).isEqualTo(c.members[0].decidedAt(h));
        assertThat(new String(m.decided.get(h).value())).startsWith("block:" + h + ":");
      }
      assertThat(m.sent).as("validator %d relays nothing of validator 3's far-ahead messages", i)
          .noneMatch(s -> s.sender() == 3 && s.height() >= 50);
      assertThat(m.engine.evidence()).isEmpty();
    }
  }

  @Test
  void messagesSignedByANonValidatorCountForNobody() {
    Cluster c = new Cluster(4);
    Signer outsider = new SimKeys(5, 7).signer(4); // the validators are the first four keys
    byte[] fake = Cluster.value("block:0:outsider");
    Hash fakeId = Cluster.idOf(fake);
    c.start();
    for (int to = 0; to < 4; to++) {
      // As the proposer of round 0, and as itself; then a "quorum" of precommits in validators' names.
      c.inject(to, signed(outsider, new Proposal(0, 0, fake, fakeId, -1, 0, new byte[0])));
      c.inject(to, signed(outsider, new Proposal(0, 0, fake, fakeId, -1, 4, new byte[0])));
      for (int as : new int[] {0, 1, 2, 3, 4, Integer.MAX_VALUE}) {
        c.inject(to, signed(outsider, new Vote(Step.PREVOTE, 0, 0, fakeId, as, new byte[0])));
        c.inject(to, signed(outsider, new Vote(Step.PRECOMMIT, 0, 0, fakeId, as, new byte[0])));
      }
    }
    c.runFor(10_000);
    Hash decided = c.members[0].decidedAt(0);
    assertThat(decided).as("height 0 is decided").isNotNull().isNotEqualTo(fakeId);
    for (Cluster.Member m : c.members) {
      assertThat(m.decidedAt(0)).isEqualTo(decided);
      assertThat(m.engine.evidence()).as("forged messages convict nobody").isEmpty();
      assertThat(m.sent).as("validator %d relays none of the forgeries", m.index).noneMatch(s -> s.signature().length > 0
          && java.util.Arrays.equals(s.signature(), outsider.sign(s.signedBytes(Cluster.CHAIN))));
    }
  }

  private static ConsensusMessage signed(Signer signer, ConsensusMessage m) {
    byte[] sig = signer.sign(m.signedBytes(Cluster.CHAIN));
    if (m instanceof Proposal p) {
      return new Proposal(p.height(), p.round(), p.value(), p.valueId(), p.validRound(), p.sender(), sig);
    }
    Vote v = (Vote) m;
    return new Vote(v.step(), v.height(), v.round(), v.valueId(), v.sender(), sig);
  }
}
