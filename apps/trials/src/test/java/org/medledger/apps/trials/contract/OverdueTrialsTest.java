package org.medledger.apps.trials.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.trials.contract.TrialDocuments.canonical;
import static org.medledger.apps.trials.contract.TrialDocuments.outcome;
import static org.medledger.apps.trials.contract.TrialDocuments.registration;
import static org.medledger.apps.trials.contract.TrialDocuments.results;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;

/** Issue 17, trials item 4: overdue results from the ledger alone, at a given block time. */
class OverdueTrialsTest {
  final TrialsLedger ledger = new TrialsLedger();
  final Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");

  static long startOf(String day) {
    return LocalDate.parse(day).toEpochDay() * TrialsLedger.DAY;
  }

  @Test
  void aTrialIsOverdueTheDayAfterItsDueDateUntilResultsAreSubmitted() throws Exception {
    // Due one year after primary completion (2025-01-15): 2026-01-15.
    assertThat(ledger.run(sponsor, "register", "document", canonical(registration("MLT-0001", "pharma-a"))).success()).isTrue();
    // Due as registered: 2027-06-30.
    ObjectNode stated = registration("MLT-0002", "pharma-a");
    stated.put("resultsDueDate", "2027-06-30");
    assertThat(ledger.run(sponsor, "register", "document", canonical(stated)).success()).isTrue();

    assertThat(ledger.query("overdue", "at", Long.toString(startOf("2026-01-15") + TrialsLedger.DAY - 1)))
        .containsEntry("overdue", "0").containsEntry("asOf", "2026-01-15");
    assertThat(ledger.query("overdue", "at", Long.toString(startOf("2026-01-16"))))
        .containsEntry("overdue", "1").containsEntry("trial.MLT-0001.resultsDue", "2026-01-15")
        .containsEntry("trial.MLT-0001.daysOverdue", "1").containsEntry("trial.MLT-0001.sponsor", "pharma-a");
    assertThat(ledger.query("overdue", "at", Long.toString(startOf("2027-07-01"))))
        .containsEntry("overdue", "2").containsEntry("trial.MLT-0002.resultsDue", "2027-06-30");

    ObjectNode r = results("MLT-0001");
    outcome(r.withArray("reportedOutcomes"), "P1", "Recurrent stroke (modified Rankin)", "12 months");
    assertThat(ledger.run(sponsor, "submitResults", "trialId", "MLT-0001", "document", canonical(r)).success()).isTrue();
    assertThat(ledger.query("overdue", "at", Long.toString(startOf("2027-07-01"))))
        .containsEntry("overdue", "1").doesNotContainKey("trial.MLT-0001.resultsDue");
  }

  @Test
  void aDueDateBeforePrimaryCompletionIsRefused() {
    ObjectNode d = registration("MLT-0003", "pharma-a");
    d.put("resultsDueDate", "2024-12-31");
    assertThat(ledger.run(sponsor, "register", "document", canonical(d)).message()).contains("resultsDueDate 2024-12-31 is before");
  }
}
