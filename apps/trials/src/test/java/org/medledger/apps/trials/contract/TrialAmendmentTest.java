package org.medledger.apps.trials.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.trials.contract.TrialDocuments.canonical;
import static org.medledger.apps.trials.contract.TrialDocuments.outcome;
import static org.medledger.apps.trials.contract.TrialDocuments.registration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;

/** Issue 17, trials items 1-2 and 4: amendments are versions with a reason; the enrolment gate; the diff against first enrolment. */
class TrialAmendmentTest {
  final TrialsLedger ledger = new TrialsLedger();
  final Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");
  final Caller otherSponsor = ledger.member("pharma-b-sponsor", "pharma-b", "sponsor");
  final Caller investigator = ledger.member("dr-who", "hospital-a", "clinician");
  final Caller patient = ledger.member("alice", "hospital-a", "patient");

  @BeforeEach
  void registered() {
    assertThat(ledger.run(sponsor, "register", "document", canonical(registration("MLT-0001", "pharma-a"))).success()).isTrue();
  }

  static ObjectNode amended() {
    ObjectNode d = registration("MLT-0001", "pharma-a");
    ((ObjectNode) d.withArray("primaryOutcomes").get(0)).put("timeFrame", "6 months");
    ArrayNode secondary = d.putArray("secondaryOutcomes");
    outcome(secondary, "S1", "Major bleeding (ISTH criteria)", "12 months");
    outcome(secondary, "S3", "Quality of life (EQ-5D)", "12 months");
    return d;
  }

  @Test
  void anotherSponsorCannotAmendAndAnAmendmentNeedsAReasonAndNothingChanges() throws Exception {
    String text = canonical(amended());
    TxOutcome cheat = ledger.run(otherSponsor, "amend", "trialId", "MLT-0001", "document", text, "reason", "mine now");
    assertThat(cheat.code()).isEqualTo("forbidden");
    assertThat(cheat.message()).contains("sponsored by pharma-a");
    assertThat(ledger.run(investigator, "amend", "trialId", "MLT-0001", "document", text, "reason", "x").code()).isEqualTo("forbidden");
    assertThat(ledger.run(sponsor, "amend", "trialId", "MLT-0001", "document", text).code()).isEqualTo("missing_argument");
    assertThat(ledger.run(sponsor, "amend", "trialId", "MLT-0001", "document", text, "reason", "  ").message()).contains("reason");
    assertThat(ledger.run(sponsor, "amend", "trialId", "MLT-0001", "document", canonical(registration("MLT-0001", "pharma-a")),
        "reason", "same").code()).isEqualTo("no_change");
    assertThat(ledger.query("trial", "trialId", "MLT-0001")).containsEntry("latestVersion", "1");
  }

  @Test
  void enrolmentNeedsACommittedRegistrationAndTheTrialsOwnSponsorOrAnInvestigator() throws Exception {
    String[] unregistered = ledger.consented(1, "pharma-a", "MLT-0404");
    TxOutcome refused = ledger.run(investigator, "enrol", unregistered);
    assertThat(refused.code()).isEqualTo("not_registered");
    assertThat(refused.message()).contains("MLT-0404");

    String late = canonical(registration("MLT-0002", "pharma-a"));
    String[] forLate = ledger.consented(2, "pharma-a", "MLT-0002");
    var sameBlock = ledger.block(java.util.List.of(ledger.tx(sponsor, "register", "document", late),
        ledger.tx(investigator, "enrol", forLate)));
    assertThat(sameBlock.get(0).success()).isTrue();
    assertThat(sameBlock.get(1).code()).isEqualTo("not_registered");

    String[] alice = ledger.consented(3, "pharma-a", "MLT-0001");
    assertThat(ledger.run(otherSponsor, "enrol", alice).code()).isEqualTo("forbidden");
    assertThat(ledger.run(patient, "enrol", alice).code()).isEqualTo("forbidden");
    assertThat(ledger.run(investigator, "enrol", "trialId", "MLT-0001", "patient", "alice", "consent", alice[5]).message())
        .contains("patient");
    assertThat(ledger.query("trial", "trialId", "MLT-0001")).containsEntry("enrolments", "0");

    assertThat(ledger.run(investigator, "enrol", alice).success()).isTrue();
    assertThat(ledger.run(sponsor, "enrol", alice).code()).isEqualTo("already_enrolled");
    assertThat(ledger.query("trial", "trialId", "MLT-0001")).containsEntry("enrolments", "1").containsEntry("baselineVersion", "1");
  }

  @Test
  void everyVersionIsShownWithItsOutcomeDiffAgainstTheVersionInForceAtFirstEnrolment() throws Exception {
    assertThat(ledger.run(investigator, "enrol", ledger.consented(1, "pharma-a", "MLT-0001")).success()).isTrue();
    assertThat(ledger.run(sponsor, "amend", "trialId", "MLT-0001", "document", canonical(amended()),
        "reason", "DSMB advised an earlier primary read-out").success()).isTrue();

    SortedMap<String, String> versions = ledger.query("versions", "trialId", "MLT-0001");
    assertThat(versions).containsEntry("versions", "2").containsEntry("baselineVersion", "1")
        .containsEntry("version.0001.outcomesAgainstBaseline", "none")
        .containsEntry("version.0002.outcomesAgainstBaseline", "added:S3 removed:S2 changed:P1")
        .containsEntry("version.0002.reason", "DSMB advised an earlier primary read-out");
    assertThat(ledger.query("version", "trialId", "MLT-0001", "version", "2")).containsEntry("outcome.01.timeFrame", "6 months");
    // A later enrolment does not move the baseline.
    assertThat(ledger.run(investigator, "enrol", ledger.consented(2, "pharma-a", "MLT-0001")).success()).isTrue();
    assertThat(ledger.query("trial", "trialId", "MLT-0001")).containsEntry("baselineVersion", "1").containsEntry("latestVersion", "2");
  }
}
