package org.medledger.apps.trials.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.trials.contract.TrialDocuments.canonical;
import static org.medledger.apps.trials.contract.TrialDocuments.outcome;
import static org.medledger.apps.trials.contract.TrialDocuments.registration;
import static org.medledger.apps.trials.contract.TrialDocuments.results;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.medledger.apps.trials.contract.TrialsLedger;
import org.medledger.core.runtime.Caller;

/** Issue 17, trials item 5: what the public routes serve, on state the contract committed, each item with its receipt. */
class TrialRegistryViewTest {
  final TrialsLedger ledger = new TrialsLedger();
  final Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");
  final TrialRegistryView view = new TrialRegistryView(ledger.contract, TrialsLedger.SUITE.hash());

  @Test
  void theRegistryListsTrialsVersionsAndFlagsEachWithAReceipt() throws Exception {
    assertThat(ledger.run(sponsor, "register", "document", canonical(registration("MLT-0001", "pharma-a"))).success()).isTrue();
    ObjectNode r = results("MLT-0001");
    outcome(r.withArray("reportedOutcomes"), "P1", "Recurrent stroke (modified Rankin)", "12 months");
    assertThat(ledger.run(sponsor, "submitResults", "trialId", "MLT-0001", "document", canonical(r)).success()).isTrue();
    assertThat(ledger.run(sponsor, "register", "document", canonical(registration("MLT-0002", "pharma-a"))).success()).isTrue();

    List<Map<String, Object>> trials = view.trials(ledger.state, ledger.time, TrialPage.Request.parse(null, null)).trials();
    assertThat(trials).extracting(t -> t.get("trialId")).containsExactly("MLT-0001", "MLT-0002");
    // The ledger's time is March 2026; both were due 2026-01-15; MLT-0001 has results.
    assertThat(trials).extracting(t -> t.get("overdue")).containsExactly(false, true);
    assertThat(trials.get(1).get("receipt")).isEqualTo("/v1/receipts/state?key=trials/head/MLT-0002");

    SortedMap<String, String> versions = view.versions(ledger.state, "MLT-0001");
    assertThat(versions).containsEntry("version.0001.receipt", "/v1/receipts/state?key=trials/version/MLT-0001/0000000001");
    SortedMap<String, String> flags = view.flags(ledger.state, "MLT-0001");
    assertThat(flags).containsEntry("flags", "2").containsEntry("flag.0001.receipt", "/v1/receipts/state?key=trials/flag/MLT-0001/0001");
    SortedMap<String, String> overdue = view.overdue(ledger.state, ledger.time);
    assertThat(overdue).containsEntry("overdue", "1").containsEntry("trial.MLT-0002.receipt", "/v1/receipts/state?key=trials/head/MLT-0002");
    String text = canonical(registration("MLT-0002", "pharma-a"));
    byte[] served = view.document(ledger.state, id -> java.util.Optional.ofNullable(ledger.committed.get(id)), "MLT-0002", "1");
    assertThat(new String(served, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(text);
    assertThat(org.medledger.crypto.Hash.of(TrialsLedger.SUITE.hash().hash(served)).hex())
        .isEqualTo(view.trial(ledger.state, "MLT-0002").get("documentHash"));
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> view.document(ledger.state, id -> java.util.Optional.empty(),
        "MLT-0002", "1"), org.medledger.core.runtime.ContractException.class).getMessage()).contains("not kept by this node");
    assertThat(view.version(ledger.state, "MLT-0002", "1")).containsEntry("receipt",
        "/v1/receipts/state?key=trials/version/MLT-0002/0000000001");
  }

  @Test
  void theRegistryIsReadInPagesInTrialIdOrderWithACursorAndACap() throws Exception {
    for (String id : new String[] {"MLT-0003", "MLT-0001", "MLT-0005", "MLT-0002", "MLT-0004"}) {
      assertThat(ledger.run(sponsor, "register", "document", canonical(registration(id, "pharma-a"))).success()).isTrue();
    }
    TrialPage first = view.trials(ledger.state, ledger.time, TrialPage.Request.parse(null, "2"));
    assertThat(first.trials()).extracting(t -> t.get("trialId")).containsExactly("MLT-0001", "MLT-0002");
    assertThat(first.next()).contains("MLT-0002");
    // A trial registered between two reads lands at its place in id order; the cursor's page does not shift.
    assertThat(ledger.run(sponsor, "register", "document", canonical(registration("MLT-0000", "pharma-a"))).success()).isTrue();
    TrialPage second = view.trials(ledger.state, ledger.time, TrialPage.Request.parse(first.next().get(), "2"));
    assertThat(second.trials()).extracting(t -> t.get("trialId")).containsExactly("MLT-0003", "MLT-0004");
    TrialPage last = view.trials(ledger.state, ledger.time, TrialPage.Request.parse(second.next().get(), "2"));
    assertThat(last.trials()).extracting(t -> t.get("trialId")).containsExactly("MLT-0005");
    assertThat(last.next()).isEmpty();
    assertThat(last.trials().get(0)).containsEntry("overdue", true).containsKey("daysOverdue");

    SortedMap<String, String> overdue = view.overdue(ledger.state, ledger.time, TrialPage.Request.parse("MLT-0002", "2"));
    assertThat(overdue).containsEntry("overdue", "6").containsEntry("next", "MLT-0004").containsKey("trial.MLT-0003.receipt")
        .containsKey("trial.MLT-0004.sponsor").doesNotContainKey("trial.MLT-0005.sponsor").doesNotContainKey("trial.MLT-0002.sponsor");

    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TrialPage.Request.parse(null, "1000000")).getMessage())
        .contains("cap of " + TrialPage.MAX_LIMIT);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TrialPage.Request.parse(null, "0")).getMessage()).contains("at least 1");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TrialPage.Request.parse(null, "ten")).getMessage())
        .contains("'limit'").contains("ten");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TrialPage.Request.parse("../x", null)).getMessage())
        .contains("'after'");
    assertThat(TrialPage.Request.parse(null, Integer.toString(TrialPage.MAX_LIMIT)).limit()).isEqualTo(TrialPage.MAX_LIMIT);
  }

  @Test
  void pagesAfterACursorFollowIdOrderWhateverTheIdsShare() throws Exception {
    List<String> ids = new java.util.ArrayList<>(List.of("MLT-1", "MLT-10", "MLT-100", "MLT-1a", "MLT-1-", "MLT-2", "MLT_0", "MLTA",
        "mlt-1", "MLT-09", "MLT.5", "Z9z"));
    for (String id : ids) {
      assertThat(ledger.run(sponsor, "register", "document", canonical(registration(id, "pharma-a"))).success()).as(id).isTrue();
    }
    java.util.Collections.sort(ids); // the ids are ASCII: String order is byte order
    for (int limit = 1; limit <= 5; limit++) {
      List<Object> seen = new java.util.ArrayList<>();
      java.util.Optional<String> after = java.util.Optional.empty();
      do {
        TrialPage page = view.trials(ledger.state, ledger.time, new TrialPage.Request(after, limit));
        assertThat(page.trials().size()).isLessThanOrEqualTo(limit);
        page.trials().forEach(t -> seen.add(t.get("trialId")));
        after = page.next();
      } while (after.isPresent());
      assertThat(seen).as("pages of " + limit).containsExactlyElementsOf(ids);
    }
    assertThat(view.trials(ledger.state, ledger.time, TrialPage.Request.parse("MLT-1", "3")).trials())
        .extracting(t -> t.get("trialId")).containsExactly("MLT-1-", "MLT-10", "MLT-100");
    assertThat(view.trials(ledger.state, ledger.time, TrialPage.Request.parse("MLT-0", "1")).trials())
        .as("a cursor that is no trial").extracting(t -> t.get("trialId")).containsExactly("MLT-09");
  }
}
