package org.medledger.node.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.membership.Membership;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.bft.LedgerValidatorSchedule;
import org.medledger.node.governance.ScheduledSetChange;

/**
 * What /v1/health's quorum and /metrics' validator gauges count: the validators of the next
 * block's set as the ledger records it, through a set change (org-3's validator out, org-4's in).
 */
class ValidatorReachTest {
  private final ScheduledSetChange chain = new ScheduledSetChange();
  private final LedgerValidatorSchedule schedule = chain.schedule();
  private final ValidatorPeerCheck links = new ValidatorPeerCheck(new Membership(chain.genesis), () -> chain.committed,
      Clock.systemUTC(), () -> schedule.validatorsFrom(1));
  private long nextHeight = ScheduledSetChange.CHANGE;

  private ValidatorReach reach(int self, int... linked) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (int i : linked) {
      certificates.add(Pem.parseCertificate(chain.nodes.get(i).nodeCertificatePem()));
    }
    Hash id = chain.nodeIds.get(self);
    return new ValidatorReach(schedule, () -> nextHeight, links, id, chain.suite.hash(), () -> certificates);
  }

  @Test
  void countsTheNextBlocksSetAndOnlyTheLinksThatSpeakForIt() {
    ValidatorReach fromOrg1 = reach(1, 0, ScheduledSetChange.JOINER);
    // The genesis's four: itself and org-0's; the fifth organisation's node votes on nothing.
    assertThat(fromOrg1.now()).isEqualTo(new ValidatorReach.Count(4, 2, 3));
    assertThat(fromOrg1.now().missing()).isEqualTo(2);
    assertThat(fromOrg1.now().quorumReachable()).isFalse();

    chain.recordChange();
    nextHeight = ScheduledSetChange.CHANGE - 1;
    assertThat(fromOrg1.now()).as("the joiner linked, scheduled but not yet in force, makes no quorum")
        .isEqualTo(new ValidatorReach.Count(4, 2, 3));
    nextHeight = ScheduledSetChange.CHANGE;
    assertThat(fromOrg1.now()).as("from the change's height it is one of the four").isEqualTo(new ValidatorReach.Count(4, 3, 3));
    assertThat(fromOrg1.now().quorumReachable()).isTrue();
    assertThat(fromOrg1.now().missing()).as("org-2's, not linked").isEqualTo(1);

    // The validator voted out still runs: its own vote no longer counts, nor do links to it.
    ValidatorReach fromRemoved = reach(ScheduledSetChange.REMOVED, 0, ScheduledSetChange.JOINER);
    assertThat(fromRemoved.now()).isEqualTo(new ValidatorReach.Count(4, 2, 3));
    assertThat(fromRemoved.now().quorumReachable()).isFalse();
    assertThat(reach(0, 1, ScheduledSetChange.REMOVED).now()).as("a link to the removed validator")
        .isEqualTo(new ValidatorReach.Count(4, 2, 3));
  }
}
