package org.medledger.apps.trials.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.trials.contract.TrialDocuments.canonical;
import static org.medledger.apps.trials.contract.TrialDocuments.outcome;
import static org.medledger.apps.trials.contract.TrialDocuments.registration;
import static org.medledger.apps.trials.contract.TrialDocuments.results;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;

/** Issue 17, trials item 3: results are compared with the pre-specified outcomes and flagged COMPare-style. */
class TrialResultsTest {
  final TrialsLedger ledger = new TrialsLedger();
  final Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");
  final Caller otherSponsor = ledger.member("pharma-b-sponsor", "pharma-b", "sponsor");
  final Caller investigator = ledger.member("dr-who", "hospital-a", "clinician");

  @BeforeEach
  void registeredEnrolledAndAmended() {
    assertThat(ledger.run(sponsor, "register", "document", canonical(registration("MLT-0001", "pharma-a"))).success()).isTrue();
    assertThat(ledger.run(investigator, "enrol", ledger.consented(1, "pharma-a", "MLT-0001")).success()).isTrue();
    ObjectNode v2 = registration("MLT-0001", "pharma-a");
    ((ObjectNode) v2.withArray("primaryOutcomes").get(0)).put("timeFrame", "6 months");
    outcome(v2.withArray("secondaryOutcomes"), "S3", "Quality of life (EQ-5D)", "12 months");
    assertThat(ledger.run(sponsor, "amend", "trialId", "MLT-0001", "document", canonical(v2), "reason", "earlier read-out").success())
        .isTrue();
  }

  /** P1 as amended (declared), S1 with a reworded measure (undeclared), S3 added after enrolment, S2 left out. */
  static String switchedResults() {
    ObjectNode r = results("MLT-0001");
    ArrayNode reported = r.withArray("reportedOutcomes");
    outcome(reported, "P1", "Recurrent stroke (modified Rankin)", "6 months");
    outcome(reported, "S1", "Any bleeding", "12 months");
    outcome(reported, "S3", "Quality of life (EQ-5D)", "12 months");
    return canonical(r);
  }

  @Test
  void resultsByAnotherSponsorOrForAnUnknownOutcomeAreRefusedAndNothingChanges() throws Exception {
    int before = ledger.trialsKeys();
    TxOutcome cheat = ledger.run(otherSponsor, "submitResults", "trialId", "MLT-0001", "document", switchedResults());
    assertThat(cheat.code()).isEqualTo("forbidden");
    assertThat(ledger.run(investigator, "submitResults", "trialId", "MLT-0001", "document", switchedResults()).code())
        .isEqualTo("forbidden");

    ObjectNode unknown = results("MLT-0001");
    outcome(unknown.withArray("reportedOutcomes"), "X9", "Headache", "1 week");
    TxOutcome refused = ledger.run(sponsor, "submitResults", "trialId", "MLT-0001", "document", canonical(unknown));
    assertThat(refused.code()).isEqualTo("unknown_outcome");
    assertThat(refused.message()).contains("'X9'").contains("P1, S1, S2, S3");

    assertThat(ledger.trialsKeys()).isEqualTo(before);
    assertThat(ledger.query("flags", "trialId", "MLT-0001")).containsEntry("flags", "0").containsEntry("resultsSubmitted", "false");
  }

  @Test
  void eachOmittedAddedOrSilentlyChangedOutcomeIsAPublicFlag() throws Exception {
    assertThat(ledger.run(sponsor, "submitResults", "trialId", "MLT-0001", "document", switchedResults()).success()).isTrue();

    SortedMap<String, String> flags = ledger.query("flags", "trialId", "MLT-0001");
    assertThat(flags).containsEntry("flags", "3").containsEntry("resultsSubmitted", "true")
        .containsEntry("flag.0001.kind", "not_reported").containsEntry("flag.0001.outcomeId", "S2")
        .containsEntry("flag.0002.kind", "changed_undeclared").containsEntry("flag.0002.outcomeId", "S1")
        .containsEntry("flag.0003.kind", "added").containsEntry("flag.0003.outcomeId", "S3")
        .containsEntry("flag.0003.key", "flag/MLT-0001/0003");
    assertThat(flags.get("flag.0003.detail")).contains("amendment version 2").contains("earlier read-out");
    // COMPare's two switches are told apart in the flag's words: S1 kept its time frame, reworded its measure.
    assertThat(flags.get("flag.0002.detail")).startsWith("measure changed from the text registered in version 2")
        .doesNotContain("time frame changed");
    // P1's new time frame was declared by version 2: not flagged.
    assertThat(flags.values()).noneMatch(v -> v.equals("P1"));

    assertThat(ledger.run(sponsor, "submitResults", "trialId", "MLT-0001", "document", switchedResults()).code())
        .isEqualTo("results_submitted");
    assertThat(ledger.run(sponsor, "amend", "trialId", "MLT-0001", "document", canonical(registration("MLT-0001", "pharma-a")),
        "reason", "tidy up after the fact").code()).isEqualTo("results_submitted");
  }
}
