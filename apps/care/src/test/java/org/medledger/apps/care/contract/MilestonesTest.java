package org.medledger.apps.care.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/** Issue 16, item 7: milestones signed by a clinician of a hospital caring for her, or by the patient for her own. */
class MilestonesTest {
  final CareTestLedger ledger = new CareTestLedger();
  final Hash patient = ledger.patient(1, ledger.drWang, ledger.drChen);
  final Caller herself = ledger.patientMember("patient-1", 1);
  final Hash other = ledger.patient(2, ledger.drWang);
  final Caller someoneElse = ledger.patientMember("patient-2", 2);

  TxOutcome milestone(Caller by, Hash whose, String type, String... more) {
    List<String> args = new ArrayList<>(List.of("patient", whose.hex(), "type", type));
    args.addAll(List.of(more));
    return ledger.care(by, CareContract.MILESTONE, args.toArray(String[]::new));
  }

  Hash goal() {
    Hash goal = ledger.record(patient, "Goal", "hospital-a", 40);
    ledger.ok(ledger.care(ledger.drWang, CareContract.PLAN_VERSION, "patient", patient.hex(), "kind", "Goal", "record",
        goal.hex(), "version", "1", "reason", "walk unaided"));
    return goal;
  }

  @Test
  void cliniciansOfEitherHospitalAndThePatientHerselfRecordMilestones() {
    Hash goal = goal();
    Hash summary = ledger.record(patient, "Composition", "hospital-a", 41);
    ledger.ok(milestone(ledger.drWang, patient, "discharge", "record", summary.hex()));
    ledger.ok(milestone(ledger.drChen, patient, "follow-up-done"));
    ledger.ok(milestone(ledger.nodeA, patient, "goal-achieved", "chain", goal.hex(), "author", ledger.drWang.certificateId().hex()));
    ledger.ok(milestone(herself, patient, "patient-reported-outcome", "chain", goal.hex()));

    List<Milestone> all = CareContract.milestonesOf(ledger.state, patient);
    assertThat(all).extracting(m -> m.type().wireName())
        .containsExactly("discharge", "follow-up-done", "goal-achieved", "patient-reported-outcome");
    assertThat(all.get(0).record()).contains(summary);
    assertThat(all.get(1).organisation()).isEqualTo("hospital-b");
    assertThat(all.get(2).signedBy()).isEqualTo(ledger.drWang.certificateId());
    assertThat(all.get(3).signerRole()).isEqualTo("patient");
    assertThat(all.get(3).signedBy()).isEqualTo(herself.certificateId());
    assertThat(CareContract.milestone(ledger.state, all.get(0).id())).contains(all.get(0));
    assertThat(CareContract.milestonesOf(ledger.state, other)).isEmpty();
  }

  @Test
  void anotherPatientAnUncaringHospitalAndAPatientSigningTheHospitalsActsAreRefusedChangingNothing() {
    Hash goal = goal();
    Caller stranger = ledger.member("dr-zhou", "hospital-c", "clinician");
    List<String> before = ledger.snapshot();

    // The cheater: patient-2 records an outcome in patient-1's name.
    TxOutcome forged = milestone(someoneElse, patient, "patient-reported-outcome");
    assertThat(forged.code()).isEqualTo("forbidden");
    assertThat(forged.message()).contains("only for herself");
    assertThat(milestone(herself, patient, "discharge").message()).contains("recorded by a clinician");
    assertThat(milestone(stranger, patient, "discharge").code()).isEqualTo("not_in_care");
    assertThat(milestone(ledger.adminA, patient, "discharge").code()).isEqualTo("forbidden");
    assertThat(milestone(ledger.nodeB, patient, "discharge", "author", ledger.drWang.certificateId().hex()).code())
        .isEqualTo("forbidden");
    assertThat(milestone(ledger.drWang, patient, "goal-achieved").code()).isEqualTo("missing_argument");
    Hash plan = ledger.record(patient, "CarePlan", "hospital-a", 42);
    assertThat(milestone(ledger.drWang, patient, "recovered").message()).contains("goal-achieved, discharge");
    assertThat(milestone(ledger.drWang, other, "goal-achieved", "chain", goal.hex()).code()).isEqualTo("unknown_chain");
    assertThat(milestone(ledger.drWang, patient, "discharge", "record", ledger.record(other, "Composition", "hospital-a", 43).hex())
        .code()).isEqualTo("wrong_patient");
    assertThat(milestone(ledger.drWang, patient, "discharge", "record", Hash.of(new byte[32]).hex()).code())
        .isEqualTo("unknown_record");
    assertThat(plan).isNotNull();
    assertThat(ledger.snapshot()).isEqualTo(before);
  }

  @Test
  void onlyThePatientSharesOneOfHerMilestonesWithOneOrganisation() {
    ledger.ok(milestone(ledger.drWang, patient, "discharge"));
    Hash discharge = CareContract.milestonesOf(ledger.state, patient).get(0).id();
    List<String> before = ledger.snapshot();
    // The cheaters: another patient, and her own hospital's clinician, sharing her milestone.
    assertThat(ledger.care(someoneElse, CareContract.SHARE_MILESTONE, "milestone", discharge.hex(), "organisation", "insurer-a")
        .code()).isEqualTo("forbidden");
    assertThat(ledger.care(ledger.drWang, CareContract.SHARE_MILESTONE, "milestone", discharge.hex(), "organisation", "insurer-a")
        .code()).isEqualTo("forbidden");
    assertThat(ledger.care(herself, CareContract.SHARE_MILESTONE, "milestone", Hash.of(new byte[32]).hex(), "organisation",
        "insurer-a").code()).isEqualTo("unknown_milestone");
    assertThat(ledger.care(herself, CareContract.SHARE_MILESTONE, "milestone", discharge.hex(), "organisation", "Insurer A")
        .message()).contains("must be an organisation name");
    assertThat(ledger.snapshot()).isEqualTo(before);

    ledger.ok(ledger.care(herself, CareContract.SHARE_MILESTONE, "milestone", discharge.hex(), "organisation", "insurer-a"));
    assertThat(CareContract.sharedWith(ledger.state, discharge, "insurer-a", ledger.now())).isTrue();
    assertThat(CareContract.sharedWith(ledger.state, discharge, "insurer-b", ledger.now())).isFalse();
    assertThat(ledger.care(herself, CareContract.SHARE_MILESTONE, "milestone", discharge.hex(), "organisation", "insurer-a")
        .code()).isEqualTo("already_shared");
  }

  TxOutcome share(Caller by, Hash milestone, String organisation, String... more) {
    List<String> args = new ArrayList<>(List.of("milestone", milestone.hex(), "organisation", organisation));
    args.addAll(List.of(more));
    return ledger.care(by, CareContract.SHARE_MILESTONE, args.toArray(String[]::new));
  }

  @Test
  void onlyThePatientWhoSharedRevokesAndTheShareIsGone() {
    ledger.ok(milestone(ledger.drWang, patient, "discharge"));
    Hash discharge = CareContract.milestonesOf(ledger.state, patient).get(0).id();
    ledger.ok(share(herself, discharge, "insurer-a"));
    List<String> shared = ledger.snapshot();

    // The cheaters: the insurer itself, another patient, her hospital's clinician taking the share back.
    Caller insurer = ledger.member("claims-1", "insurer-a", "clinician");
    Caller insurerAdmin = ledger.member("admin-ins", "insurer-a", "admin");
    for (Caller cheat : List.of(insurer, insurerAdmin, someoneElse, ledger.drWang)) {
      TxOutcome refused = ledger.care(cheat, CareContract.REVOKE_SHARE, "milestone", discharge.hex(), "organisation", "insurer-a");
      assertThat(refused.code()).as(cheat.name()).isEqualTo("forbidden");
    }
    assertThat(ledger.care(herself, CareContract.REVOKE_SHARE, "milestone", discharge.hex(), "organisation", "insurer-b")
        .code()).isEqualTo("not_shared");
    assertThat(ledger.care(herself, CareContract.REVOKE_SHARE, "milestone", Hash.of(new byte[32]).hex(), "organisation",
        "insurer-a").code()).isEqualTo("unknown_milestone");
    assertThat(ledger.snapshot()).isEqualTo(shared);
    assertThat(CareContract.sharedWith(ledger.state, discharge, "insurer-a", ledger.now())).isTrue();

    ledger.ok(ledger.care(herself, CareContract.REVOKE_SHARE, "milestone", discharge.hex(), "organisation", "insurer-a"));
    assertThat(CareContract.sharedWith(ledger.state, discharge, "insurer-a", ledger.now())).isFalse();
    assertThat(CareContract.share(ledger.state, discharge, "insurer-a")).isEmpty();
    assertThat(ledger.care(herself, CareContract.REVOKE_SHARE, "milestone", discharge.hex(), "organisation", "insurer-a")
        .code()).isEqualTo("not_shared");
    // Hers to give again.
    ledger.ok(share(herself, discharge, "insurer-a"));
    assertThat(CareContract.sharedWith(ledger.state, discharge, "insurer-a", ledger.now())).isTrue();
  }

  @Test
  void aShareWithAnEndLastsUntilThatBlockTimeAndMayThenBeGivenAgain() {
    ledger.ok(milestone(ledger.drWang, patient, "discharge"));
    Hash discharge = CareContract.milestonesOf(ledger.state, patient).get(0).id();
    List<String> before = ledger.snapshot();
    assertThat(share(herself, discharge, "insurer-a", "until", Long.toString(ledger.now())).code()).isEqualTo("already_expired");
    assertThat(share(herself, discharge, "insurer-a", "until", "tomorrow").message()).contains("until must be a block time");
    assertThat(share(herself, discharge, "insurer-a", "until", "-5").code()).isEqualTo("invalid_argument");
    // The cheater: another patient cannot give a share with an end either.
    assertThat(share(someoneElse, discharge, "insurer-a", "until", Long.toString(ledger.now() + 60_000)).code())
        .isEqualTo("forbidden");
    assertThat(ledger.snapshot()).isEqualTo(before);

    long end = ledger.now() + 60_000;
    ledger.ok(share(herself, discharge, "insurer-a", "until", Long.toString(end)));
    assertThat(CareContract.share(ledger.state, discharge, "insurer-a")).get().extracting(MilestoneShare::until).isEqualTo(end);
    assertThat(CareContract.sharedWith(ledger.state, discharge, "insurer-a", end - 1)).isTrue();
    assertThat(CareContract.sharedWith(ledger.state, discharge, "insurer-a", end)).isFalse();
    assertThat(share(herself, discharge, "insurer-a").code()).isEqualTo("already_shared");

    ledger.later(60_000);
    // Ended at this block's time: she may share it again, this time without an end.
    ledger.ok(share(herself, discharge, "insurer-a"));
    assertThat(CareContract.sharedWith(ledger.state, discharge, "insurer-a", end + 1_000_000)).isTrue();
  }

  @Test
  void aShareOfTheFirstFormatHasNoEnd() {
    Hash id = Hash.of(new byte[32]);
    MilestoneShare now = new MilestoneShare(id, id, "insurer-a", id, 7, 1_000, 5_000);
    assertThat(MilestoneShare.decode(now.encode())).isEqualTo(now);
    byte[] v2 = now.encode();
    byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - 8);
    v1[0] = 1;
    assertThat(MilestoneShare.decode(v1).until()).isEqualTo(MilestoneShare.NO_END);
    assertThat(MilestoneShare.decode(v1).inForceAt(Long.MAX_VALUE)).isTrue();
  }
}
