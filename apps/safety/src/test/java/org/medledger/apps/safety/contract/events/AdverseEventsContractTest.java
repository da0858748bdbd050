package org.medledger.apps.safety.contract.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.safety.contract.events.SafetyTestLedger.ok;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.apps.safety.contract.IssuingAgency;
import org.medledger.apps.safety.contract.Udi;
import org.medledger.apps.safety.contract.events.SafetyTestLedger.Member;
import org.medledger.core.runtime.TxOutcome;

/**
 * Reports, versions, signals and who received a lot, on the real drugs and patients contracts:
 * each rule with the member who tries to cheat it.
 */
class AdverseEventsContractTest {
  static final String GTIN = "09506000134352";
  static final String PREFIX = "9506000";
  static final String PUMP_DI = "51022222233336";
  /** An infusion pump's unit, labelled by the UDI codec so its check digit is right; the registry keeps this spelling. */
  static final String UDI = new Udi(IssuingAgency.GS1, PUMP_DI, Optional.of("A213B1"), Optional.of(LocalDate.of(2028, 7, 7)),
      Optional.of("PX0001"), Optional.empty()).render();

  SafetyTestLedger ledger;
  Member maker, distributor, pharmacist, otherPharmacist, clinician, colleague, otherClinician, regulator, insurer, alice, bob;

  @BeforeEach
  void aLotDispensedToAlice() {
    ledger = new SafetyTestLedger();
    maker = ledger.member("maker", "pharma-co", "maker");
    distributor = ledger.member("dist", "dist-co", "distributor");
    pharmacist = ledger.member("pharm", "pharmacy-1", "pharmacy");
    otherPharmacist = ledger.member("pharm2", "pharmacy-2", "pharmacy");
    clinician = ledger.member("dr-a", "hospital-a", "clinician");
    colleague = ledger.member("dr-a2", "hospital-a", "clinician");
    otherClinician = ledger.member("dr-b", "hospital-b", "clinician");
    regulator = ledger.member("reg", "nmpa", "regulator");
    insurer = ledger.member("ins", "insurer-co", "insurer");
    alice = ledger.member("alice", "hospital-a", "patient");
    bob = ledger.member("bob", "hospital-a", "patient");
    ok(ledger.run(regulator, "drugs", "recordPrefix", "prefix", PREFIX, "organisation", "pharma-co"));
    ok(ledger.run(maker, "drugs", "registerGtin", "gtin", GTIN));
    ok(ledger.run(maker, "drugs", "commission", "gtin", GTIN, "lot", "L1", "expiry", "281231", "serials", "1..5"));
    ok(ledger.run(maker, "drugs", "commission", "gtin", GTIN, "lot", "L2", "expiry", "281231", "serials", "6..7"));
    ok(ledger.run(maker, "drugs", "ship", "gtin", GTIN, "serials", "1,2,3", "to", "pharmacy-1"));
    ok(ledger.run(pharmacist, "drugs", "receive", "gtin", GTIN, "serials", "1,2,3"));
    ok(ledger.run(pharmacist, "drugs", "dispense", "gtin", GTIN, "serials", "1,2"));
    ledger.registerPatient(alice, clinician);
    ledger.registerPatient(bob, clinician);
    ok(ledger.run(maker, "devices", "registerModel", "di", PUMP_DI, "name", "Infusion pump X", "deviceClass", "IIb", "kind",
        "home-monitor"));
    ok(ledger.run(maker, "devices", "registerUnit", "udi", UDI));
  }

  TxOutcome report(Member by, Member patient, String... suspect) {
    List<String> args = new java.util.ArrayList<>(List.of("patient", patient.patientId(), "reactions", "rash,urticaria",
        "description", "hives on both arms two hours after the first dose", "seriousness", "Non-serious", "outcome", "recovering",
        "onset", "2027-01-10"));
    args.addAll(List.of(suspect.length == 0 ? new String[] {"gtin", GTIN, "lot", "L1"} : suspect));
    return ledger.events(by, "report", args.toArray(String[]::new));
  }

  String caseOf(TxOutcome o) {
    ok(o);
    return o.txId().hex();
  }

  @Test
  void aClinicianReportsAnEventOnALotTheLedgerKnowsAsVersionOne() {
    String id = caseOf(report(clinician, alice));
    CaseHead head = AdverseEventQueries.caseHead(ledger.state, id).orElseThrow();
    assertThat(head.patient()).isEqualTo(alice.patientId());
    assertThat(head.suspect()).isEqualTo(new Suspect.DrugLot(GTIN, "L1", ""));
    assertThat(head.reporterOrganisation()).isEqualTo("hospital-a");
    List<CaseVersion> versions = AdverseEventQueries.versions(ledger.state, id);
    assertThat(versions).singleElement().satisfies(v -> {
      assertThat(v.reactions()).containsExactly("rash", "urticaria");
      assertThat(v.outcome()).isEqualTo(Outcome.RECOVERING);
    });
    assertThat(AdverseEventQueries.lotCount(ledger.state, GTIN, "L1")).isEqualTo(1);
    assertThat(AdverseEventQueries.casesOfLot(ledger.state, GTIN, "L1")).containsExactly(id);
    assertThat(AdverseEventQueries.casesOfPatient(ledger.state, alice.patientId())).containsExactly(id);
    ok(report(pharmacist, alice, "gtin", GTIN, "lot", "L1", "serial", "1"));
    assertThat(AdverseEventQueries.lotCount(ledger.state, GTIN, "L1")).isEqualTo(2);
  }

  @Test
  void aReportOnALotTheLedgerNeverSawIsRefusedAndChangesNothing() {
    int before = ledger.eventKeys();
    TxOutcome unknown = report(clinician, alice, "gtin", GTIN, "lot", "NOPE");
    assertThat(unknown.code()).isEqualTo("unknown_lot");
    assertThat(unknown.message()).contains("lot NOPE of GTIN " + GTIN + " was never commissioned");
    TxOutcome wrongSerial = report(clinician, alice, "gtin", GTIN, "lot", "L1", "serial", "6");
    assertThat(wrongSerial.message()).contains("serial 6 of GTIN " + GTIN + " is of lot L2, not L1");
    assertThat(report(clinician, alice, "gtin", "09506000134369", "lot", "L1").code()).isEqualTo("unknown_lot");
    String unregistered = new Udi(IssuingAgency.GS1, PUMP_DI, Optional.empty(), Optional.empty(), Optional.of("PX9999"),
        Optional.empty()).render();
    assertThat(report(clinician, alice, "udi", unregistered).code()).isEqualTo("unknown_device");
    TxOutcome malformed = report(clinician, alice, "udi", "(01)51022222233337(21)PX0001");
    assertThat(malformed.code()).isEqualTo("invalid_udi");
    assertThat(malformed.message()).startsWith("udi: ").contains("check digit");
    assertThat(ledger.eventKeys()).isEqualTo(before);
    assertThat(AdverseEventQueries.lotCount(ledger.state, GTIN, "NOPE")).isZero();
  }

  @Test
  void badInputIsRefusedNamingWhatWasWrong() {
    String p = alice.patientId();
    assertThat(ledger.events(clinician, "report", "patient", p, "reactions", "rash,sneezing", "seriousness", "Serious", "outcome",
        "ongoing", "onset", "2027-01-10", "gtin", GTIN, "lot", "L1").message()).contains("'sneezing' is not a reaction term");
    assertThat(ledger.events(clinician, "report", "patient", p, "reactions", "rash", "seriousness", "Serious", "outcome",
        "ongoing", "onset", "2027-02-30", "gtin", GTIN, "lot", "L1").message()).contains("onset: '2027-02-30' is not a date");
    assertThat(ledger.events(clinician, "report", "patient", p, "reactions", "rash", "seriousness", "Serious", "outcome",
        "ongoing", "onset", "2027-03-01", "gtin", GTIN, "lot", "L1").message()).contains("is after the block's date");
    assertThat(ledger.events(clinician, "report", "patient", p, "reactions", "rash", "seriousness", "Bad", "outcome",
        "ongoing", "onset", "2027-01-01", "gtin", GTIN, "lot", "L1").message()).contains("seriousness: 'Bad' is not one of");
    assertThat(ledger.events(clinician, "report", "patient", p, "reactions", "rash", "seriousness", "Serious", "outcome",
        "ongoing", "causality", "Probable", "onset", "2027-01-01", "gtin", GTIN, "lot", "L1").message())
        .contains("causality: 'Probable' is not one of Certain, Probably-Likely");
    assertThat(report(clinician, alice, "gtin", GTIN, "lot", "L1", "udi", UDI).message()).contains("one of the two");
    assertThat(ledger.events(clinician, "report", "patient", "ab".repeat(32), "reactions", "rash", "seriousness", "Serious",
        "outcome", "ongoing", "onset", "2027-01-01", "gtin", GTIN, "lot", "L1").code()).isEqualTo("unknown_patient");
    assertThat(ledger.eventKeys()).isZero();
  }

  @Test
  void aDeviceReportCountsAgainstTheUnitsModel() {
    String id = caseOf(report(clinician, alice, "udi", UDI));
    assertThat(AdverseEventQueries.caseHead(ledger.state, id).orElseThrow().suspect()).isEqualTo(new Suspect.DeviceUnit(UDI, PUMP_DI));
    assertThat(AdverseEventQueries.counts(ledger.state, "model")).containsEntry(PUMP_DI, 1L);
  }

  @Test
  void anInsurerCannotReportAndAPatientReportsOnlyInHerOwnName() {
    assertThat(report(insurer, alice).code()).isEqualTo("forbidden");
    assertThat(report(regulator, alice).code()).isEqualTo("forbidden");
    TxOutcome asAlice = report(bob, alice);
    assertThat(asAlice.code()).isEqualTo("forbidden");
    assertThat(asAlice.message()).contains("a patient reports her own adverse events only");
    assertThat(ledger.eventKeys()).isZero();
    String own = caseOf(report(alice, alice));
    assertThat(AdverseEventQueries.caseHead(ledger.state, own).orElseThrow().patientReported()).isTrue();
  }

  @Test
  void followUpsAddVersionsAndNeverOverwriteThem() {
    String id = caseOf(report(clinician, alice));
    ok(ledger.events(colleague, "followUp", "case", id, "reactions", "rash,urticaria,angioedema", "description",
        "swelling of the lips on day two", "seriousness", "SeriousResultsInHospitalization", "outcome", "recovering", "onset",
        "2027-01-10"));
    ok(ledger.events(clinician, "followUp", "case", id, "reactions", "rash,urticaria,angioedema", "description",
        "swelling of the lips on day two", "seriousness", "SeriousResultsInHospitalization", "outcome", "resolved", "onset",
        "2027-01-10"));
    List<CaseVersion> versions = AdverseEventQueries.versions(ledger.state, id);
    assertThat(versions).extracting(CaseVersion::version).containsExactly(1, 2, 3);
    assertThat(versions.get(0).seriousness()).isEqualTo(Seriousness.NON_SERIOUS);
    assertThat(versions.get(0).reactions()).containsExactly("rash", "urticaria");
    assertThat(versions.get(2).outcome()).isEqualTo(Outcome.RESOLVED);
    assertThat(AdverseEventQueries.caseHead(ledger.state, id).orElseThrow().versions()).isEqualTo(3);
    assertThat(AdverseEventQueries.lotCount(ledger.state, GTIN, "L1")).as("a follow-up never counts again").isEqualTo(1);
    assertThat(ledger.events(clinician, "followUp", "case", id, "reactions", "rash,urticaria,angioedema", "description",
        "swelling of the lips on day two", "seriousness", "SeriousResultsInHospitalization", "outcome", "resolved", "onset",
        "2027-01-10").code()).isEqualTo("no_change");
  }

  @Test
  void aCausalityAssessmentAddedLaterIsANewVersionAndTheEarlierOneKeepsNone() {
    String id = caseOf(report(clinician, alice));
    String[] picture = {"case", id, "reactions", "rash,urticaria", "description", "hives on both arms two hours after the first dose",
        "seriousness", "Non-serious", "outcome", "recovering", "onset", "2027-01-10"};
    assertThat(ledger.events(clinician, "followUp", picture).code()).as("the same picture again").isEqualTo("no_change");
    String[] assessed = java.util.stream.Stream.concat(java.util.Arrays.stream(picture), java.util.stream.Stream.of("causality",
        "Probably-Likely")).toArray(String[]::new);
    assertThat(ledger.events(otherClinician, "followUp", assessed).code()).as("another hospital's assessment").isEqualTo("forbidden");
    ok(ledger.events(clinician, "followUp", assessed));
    List<CaseVersion> versions = AdverseEventQueries.versions(ledger.state, id);
    assertThat(versions).extracting(CaseVersion::causality).containsExactly(Optional.empty(), Optional.of(Causality.PROBABLY_LIKELY));
  }

  @Test
  void noMemberAmendsAnothersCase() {
    String id = caseOf(report(clinician, alice));
    String[] followUp = {"case", id, "reactions", "rash", "seriousness", "Serious", "outcome", "fatal", "onset", "2027-01-10"};
    TxOutcome otherHospital = ledger.events(otherClinician, "followUp", followUp);
    assertThat(otherHospital.code()).isEqualTo("forbidden");
    assertThat(otherHospital.message()).contains("only its clinicians follow it up");
    assertThat(ledger.events(pharmacist, "followUp", followUp).code()).isEqualTo("forbidden");
    assertThat(ledger.events(alice, "followUp", followUp).code()).as("a clinician's case is the clinician's").isEqualTo("forbidden");
    assertThat(ledger.events(insurer, "followUp", followUp).code()).isEqualTo("forbidden");
    String hers = caseOf(report(alice, alice));
    String[] onHers = {"case", hers, "reactions", "rash", "seriousness", "Serious", "outcome", "fatal", "onset", "2027-01-10"};
    assertThat(ledger.events(clinician, "followUp", onHers).message()).contains("reported by the patient: only she follows it up");
    assertThat(ledger.events(bob, "followUp", onHers).code()).isEqualTo("forbidden");
    assertThat(AdverseEventQueries.versions(ledger.state, id)).hasSize(1);
    assertThat(AdverseEventQueries.versions(ledger.state, hers)).hasSize(1);
    ok(ledger.events(alice, "followUp", onHers));
    assertThat(AdverseEventQueries.versions(ledger.state, hers)).hasSize(2);
  }

  @Test
  void reachingTheRegulatorsThresholdRaisesOneSignal() {
    assertThat(ledger.events(clinician, "setThreshold", "kind", "lot", "gtin", GTIN, "lot", "L1", "reports", "2").code())
        .isEqualTo("forbidden");
    assertThat(ledger.events(regulator, "setThreshold", "kind", "lot", "gtin", GTIN, "reports", "2").message())
        .contains("both gtin and lot, or neither");
    ok(ledger.events(regulator, "setThreshold", "kind", "lot", "gtin", GTIN, "lot", "L1", "reports", "2"));
    ok(report(clinician, alice));
    assertThat(AdverseEventQueries.signals(ledger.state)).isEmpty();
    TxOutcome second = report(alice, alice);
    ok(second);
    assertThat(second.events()).anySatisfy(e -> assertThat(e.type()).isEqualTo("SignalRaised"));
    assertThat(AdverseEventQueries.signals(ledger.state)).singleElement().satisfies(s -> {
      assertThat(s.subject()).isEqualTo(GTIN + "/L1");
      assertThat(s.count()).isEqualTo(2);
      assertThat(s.threshold()).isEqualTo(2);
      assertThat(s.caseId()).isEqualTo(second.txId().hex());
    });
    ok(report(pharmacist, bob));
    assertThat(AdverseEventQueries.signals(ledger.state)).as("raised once per threshold").hasSize(1);
    ok(ledger.events(regulator, "setThreshold", "kind", "model", "reports", "1"));
    ok(report(clinician, alice, "udi", UDI));
    assertThat(AdverseEventQueries.signals(ledger.state)).extracting(Signal::subject).containsExactly(GTIN + "/L1", PUMP_DI);
  }

  @Test
  void onlyTheDispensingPharmacyRecordsWhoReceivedAPackAndOnlyConsentingPatientsAreNamed() {
    assertThat(ledger.events(otherPharmacist, "recordDispensing", "gtin", GTIN, "serial", "1", "patient", alice.patientId()).code())
        .isEqualTo("not_dispensed_by_you");
    assertThat(ledger.events(pharmacist, "recordDispensing", "gtin", GTIN, "serial", "3", "patient", alice.patientId()).message())
        .contains("was not dispensed by pharmacy-1");
    assertThat(ledger.events(clinician, "recordDispensing", "gtin", GTIN, "serial", "1", "patient", alice.patientId()).code())
        .isEqualTo("forbidden");
    ok(ledger.events(pharmacist, "recordDispensing", "gtin", GTIN, "serial", "1", "patient", alice.patientId()));
    ok(ledger.events(pharmacist, "recordDispensing", "gtin", GTIN, "serial", "2", "patient", bob.patientId()));
    assertThat(ledger.events(pharmacist, "recordDispensing", "gtin", GTIN, "serial", "2", "patient", alice.patientId()).code())
        .isEqualTo("already_recorded");
    var exposed = AdverseEventQueries.exposedPatients(ledger.state, GTIN, "L1");
    assertThat(exposed.exposures()).hasSize(2);
    assertThat(exposed.contactable()).isEmpty();
    assertThat(exposed.notContactable()).isEqualTo(2);
    assertThat(ledger.events(clinician, "setRecallContact", "granted", "true").code()).isEqualTo("forbidden");
    ok(ledger.events(alice, "setRecallContact", "granted", "true"));
    exposed = AdverseEventQueries.exposedPatients(ledger.state, GTIN, "L1");
    assertThat(exposed.contactable()).containsExactly(alice.patientId());
    assertThat(exposed.notContactable()).isEqualTo(1);
    assertThat(AdverseEventQueries.received(ledger.state, alice.patientId())).extracting(Exposure::serial).containsExactly("1");
    ok(ledger.events(alice, "setRecallContact", "granted", "false"));
    assertThat(AdverseEventQueries.exposedPatients(ledger.state, GTIN, "L1").contactable()).isEmpty();
  }
}
