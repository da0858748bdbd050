package org.medledger.apps.care.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/** Issue 16, item 6: care plans and goals are versioned on the ledger, appended and chained, never replaced. */
class PlanVersionsTest {
  final CareTestLedger ledger = new CareTestLedger();
  final Hash patient = ledger.patient(1, ledger.drWang, ledger.drChen);

  TxOutcome version(org.medledger.core.runtime.Caller by, Hash record, long number, Hash previous, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("patient", patient.hex(), "kind", "CarePlan", "record", record.hex(),
        "version", Long.toString(number), "reason", "reason " + number));
    if (previous != null) {
      args.addAll(List.of("previous", previous.hex()));
    }
    args.addAll(List.of(more));
    return ledger.care(by, CareContract.PLAN_VERSION, args.toArray(String[]::new));
  }

  @Test
  void versionsAreAppendedWithAuthorTimeAndReasonAndChainedByTheirPredecessor() {
    Hash v1 = ledger.record(patient, "CarePlan", "hospital-a", 1);
    Hash v2 = ledger.record(patient, "CarePlan", "hospital-a", 2);
    Hash v3 = ledger.record(patient, "CarePlan", "hospital-a", 3);
    ledger.ok(version(ledger.drWang, v1, 1, null));
    ledger.later(60_000);
    ledger.ok(version(ledger.drWang, v2, 2, v1));
    // Her hospital's node writes for her, naming her as the author.
    ledger.ok(version(ledger.nodeA, v3, 3, v2, "author", ledger.drWang.certificateId().hex()));

    List<PlanVersion> chain = CareContract.chain(ledger.state, v1);
    assertThat(chain).extracting(PlanVersion::number).containsExactly(1L, 2L, 3L);
    assertThat(chain).extracting(PlanVersion::record).containsExactly(v1, v2, v3);
    assertThat(chain.get(1).previous()).contains(v1);
    assertThat(chain.get(1).timestamp()).isEqualTo(chain.get(0).timestamp() + 60_000);
    assertThat(chain).allSatisfy(v -> {
      assertThat(v.author()).isEqualTo(ledger.drWang.certificateId());
      assertThat(v.organisation()).isEqualTo("hospital-a");
      assertThat(v.chain()).isEqualTo(v1);
    });
    assertThat(chain.get(2).reason()).isEqualTo("reason 3");
    assertThat(CareContract.chainsOf(ledger.state, patient)).containsExactly(v1);
    // Version 1 is still there, unchanged: nothing is replaced.
    assertThat(CareContract.find(ledger.state, v1).orElseThrow()).isEqualTo(chain.get(0));
  }

  @Test
  void aVersionThatSkipsOneOrForksTheChainIsRefusedNamingTheVersionItShouldFollow() {
    Hash v1 = ledger.record(patient, "CarePlan", "hospital-a", 1);
    Hash v2 = ledger.record(patient, "CarePlan", "hospital-a", 2);
    Hash other = ledger.record(patient, "CarePlan", "hospital-a", 3);
    ledger.ok(version(ledger.drWang, v1, 1, null));
    ledger.ok(version(ledger.drWang, v2, 2, v1));
    List<String> before = ledger.snapshot();

    TxOutcome skips = version(ledger.drWang, other, 4, v2);
    assertThat(skips.code()).isEqualTo("skips_version");
    assertThat(skips.message()).contains("version 4", "must be version 3");

    TxOutcome forks = version(ledger.drWang, other, 2, v1);
    assertThat(forks.code()).isEqualTo("forks_chain");
    assertThat(forks.message()).contains(v2.hex(), "latest is version 2");

    TxOutcome noPredecessor = version(ledger.drWang, other, 3, null);
    assertThat(noPredecessor.code()).isEqualTo("missing_predecessor");

    TxOutcome replaces = version(ledger.drWang, v2, 3, v2);
    assertThat(replaces.code()).isEqualTo("already_recorded");
    assertThat(ledger.snapshot()).isEqualTo(before);
  }

  @Test
  void onlyAClinicianOfTheCustodianHospitalMayAuthorAndANodeWritesOnlyForItsOwn() {
    Hash v1 = ledger.record(patient, "CarePlan", "hospital-a", 1);
    Hash chenRecord = ledger.record(patient, "CarePlan", "hospital-b", 2);
    List<String> before = ledger.snapshot();

    // An admin of the custodian hospital is no clinician.
    assertThat(version(ledger.adminA, v1, 1, null).code()).isEqualTo("forbidden");
    // The cheater: another hospital's clinician versions hospital-a's stored plan.
    TxOutcome cheat = version(ledger.drChen, v1, 1, null);
    assertThat(cheat.code()).isEqualTo("forbidden");
    assertThat(cheat.message()).contains("kept by hospital-a");
    // Hospital-b's node names hospital-a's clinician as author of its own record.
    TxOutcome impersonates = version(ledger.nodeB, chenRecord, 1, null, "author", ledger.drWang.certificateId().hex());
    assertThat(impersonates.code()).isEqualTo("forbidden");
    assertThat(impersonates.message()).contains("writes only for its own clinicians");
    // A clinician naming someone else as the author.
    assertThat(version(ledger.drWang, v1, 1, null, "author", ledger.adminA.certificateId().hex()).code()).isEqualTo("forbidden");
    // A node without an author, and one naming its admin.
    assertThat(version(ledger.nodeA, v1, 1, null).code()).isEqualTo("missing_argument");
    assertThat(version(ledger.nodeA, v1, 1, null, "author", ledger.adminA.certificateId().hex()).code()).isEqualTo("forbidden");
    assertThat(ledger.snapshot()).isEqualTo(before);

    ledger.ok(version(ledger.drWang, v1, 1, null));
    ledger.ok(version(ledger.drChen, chenRecord, 1, null));
    // Hospital-b continues its own plan only: hospital-a's chain stays hospital-a's.
    Hash chenNext = ledger.record(patient, "CarePlan", "hospital-b", 3);
    TxOutcome takeover = version(ledger.drChen, chenNext, 2, v1);
    assertThat(takeover.code()).isEqualTo("forbidden");
    assertThat(takeover.message()).contains("hospital-a's");
  }

  @Test
  void badInputIsRefusedNamingWhatWasWrongAndChangesNothing() {
    Hash goal = ledger.record(patient, "Goal", "hospital-a", 1);
    Hash lab = ledger.record(patient, "DiagnosticReport", "hospital-a", 2);
    Hash stranger = ledger.patient(2, ledger.drChen);
    Hash strangersPlan = ledger.record(stranger, "CarePlan", "hospital-b", 3);
    List<String> before = ledger.snapshot();

    assertThat(version(ledger.drWang, lab, 1, null).code()).isEqualTo("wrong_kind");
    assertThat(version(ledger.drWang, Hash.of(new byte[32]), 1, null).code()).isEqualTo("unknown_record");
    assertThat(version(ledger.drWang, goal, 0, null).message()).contains("version must be a whole number from 1");
    assertThat(ledger.care(ledger.drWang, CareContract.PLAN_VERSION, "patient", patient.hex(), "kind", "Observation",
        "record", goal.hex(), "version", "1", "reason", "x").message()).contains("CarePlan or Goal");
    assertThat(ledger.care(ledger.drWang, CareContract.PLAN_VERSION, "patient", patient.hex(), "kind", "Goal",
        "record", goal.hex(), "version", "1", "reason", " ").message()).contains("reason must be");
    TxOutcome notInCare = ledger.care(ledger.drWang, CareContract.PLAN_VERSION, "patient", stranger.hex(), "kind", "CarePlan",
        "record", strangersPlan.hex(), "version", "1", "reason", "x");
    assertThat(notInCare.code()).isEqualTo("not_in_care");
    assertThat(ledger.snapshot()).isEqualTo(before);

    ledger.ok(ledger.care(ledger.drWang, CareContract.PLAN_VERSION, "patient", patient.hex(), "kind", "Goal",
        "record", goal.hex(), "version", "1", "reason", "walk 500 m unaided"));
    assertThat(CareContract.find(ledger.state, goal).orElseThrow().kind()).isEqualTo(CareKind.GOAL);
  }
}
