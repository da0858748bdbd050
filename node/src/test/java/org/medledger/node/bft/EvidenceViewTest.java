package org.medledger.node.bft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.crypto.Hash;
import org.medledger.node.governance.ScheduledSetChange;

/** Who an equivocating validator is, as health and the regulator's view name it, across a set change. */
class EvidenceViewTest {
  @Test
  void namesEveryValidatorTheLedgerRecordedNotOnlyTheGenesiss() {
    ScheduledSetChange chain = new ScheduledSetChange();
    EvidenceView view = new EvidenceView(chain.genesis);
    Hash joiner = chain.nodeIds.get(ScheduledSetChange.JOINER);
    Hash removed = chain.nodeIds.get(ScheduledSetChange.REMOVED);
    assertThat(view.describe(joiner, chain.committed)).as("no validator yet: its certificate id only").isEqualTo(joiner.hex());
    assertThat(view.describe(removed, chain.committed)).isEqualTo("org-3-node of org-3");
    chain.recordChange();
    assertThat(view.describe(joiner, chain.committed)).isEqualTo("org-4-node of org-4");
    assertThat(view.describe(removed, chain.committed)).as("a removed validator's evidence keeps its name")
        .isEqualTo("org-3-node of org-3");
  }
}
