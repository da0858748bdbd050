package org.medledger.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.crypto.Hash;
import org.medledger.node.governance.ScheduledSetChange;
import org.medledger.node.ui.view.ValidatorRow;

/** The portal's validators page across a set change: org-3's validator out, org-4's in from height 10. */
class ValidatorRowsTest {
  private final ScheduledSetChange chain = new ScheduledSetChange().recordChange();
  private final List<ValidatorHistory.Transition> sets = ValidatorHistory.transitions(chain.genesis, chain.committed);

  /** Who sealed each block: every validator in force at it but org-1's, which missed every block. */
  private Set<Hash> sealedAt(long height) {
    Set<Hash> out = new TreeSet<>();
    for (var v : ValidatorHistory.inForce(sets, height).validators()) {
      if (!v.organisation().equals("org-1")) {
        out.add(chain.nodeIds.get(chain.nodes.indexOf(v)));
      }
    }
    return out;
  }

  @Test
  void listsTheSetInForceAndChargesEachOnlyForTheBlocksItWasInForceAt() {
    List<ValidatorRow> rows = ExplorerQueries.validatorRows(sets, 14, 100, this::sealedAt, chain.suite.hash());
    assertThat(rows).extracting(ValidatorRow::organisation).containsExactlyInAnyOrder("org-0", "org-1", "org-2", "org-4")
        .as("the validator voted out is not listed").doesNotContain("org-3");
    ValidatorRow joiner = rows.stream().filter(r -> r.organisation().equals("org-4")).findFirst().orElseThrow();
    assertThat(joiner.sealedLatest()).isTrue();
    assertThat(joiner.missed()).as("not charged for the nine blocks before its height").isZero();
    assertThat(joiner.recent()).isEqualTo(5);
    ValidatorRow org1 = rows.stream().filter(r -> r.organisation().equals("org-1")).findFirst().orElseThrow();
    assertThat(org1.sealedLatest()).isFalse();
    assertThat(org1.missed()).isEqualTo(14);
    assertThat(org1.recent()).isEqualTo(14);
    // Before the change's height the page shows the genesis's four.
    assertThat(ExplorerQueries.validatorRows(sets, 8, 100, this::sealedAt, chain.suite.hash()))
        .extracting(ValidatorRow::organisation).containsExactlyInAnyOrder("org-0", "org-1", "org-2", "org-3");
  }
}
