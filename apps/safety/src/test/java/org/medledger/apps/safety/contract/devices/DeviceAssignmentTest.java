package org.medledger.apps.safety.contract.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.safety.contract.devices.DeviceLabels.MONITOR_DI;
import static org.medledger.apps.safety.contract.devices.DeviceLabels.PACEMAKER_DI;
import static org.medledger.apps.safety.contract.devices.DeviceLabels.monitor;
import static org.medledger.apps.safety.contract.devices.DeviceLabels.pacemaker;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/** Issue 17, item 6: a hospital assigns a unit to a patient who signed her consent to exactly that assignment. */
class DeviceAssignmentTest {
  final DevicesLedger ledger = new DevicesLedger(new PatientContract(DevicesLedger.SUITE, DevicesLedger.CHAIN));
  final Caller maker = ledger.member("med-maker-factory", "med-maker", "maker");
  final Caller makerAdmin = ledger.member("med-maker-admin", "med-maker", "admin");
  final Caller surgeon = ledger.member("dr-wang", "hospital-a", "clinician");
  final Caller otherHospital = ledger.member("dr-chen", "hospital-b", "clinician");
  final Caller patientMember = ledger.member("alice", "hospital-a", "patient");
  final KeyPair aliceKey = DevicesLedger.SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {3}));
  final KeyPair bobKey = DevicesLedger.SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {4}));
  final Hash alice = register(aliceKey);
  final Hash bob = register(bobKey);

  DeviceAssignmentTest() {
    ok(ledger.devices(maker, "registerModel", "di", PACEMAKER_DI, "name", "Pacemaker PM-1", "deviceClass", "III", "kind", "implant"));
    ok(ledger.devices(maker, "registerModel", "di", MONITOR_DI, "name", "BP-2", "deviceClass", "IIa", "kind", "home-monitor"));
    ok(ledger.devices(maker, "registerUnit", "udi", pacemaker("PM0001")));
    ok(ledger.devices(maker, "registerUnit", "udi", monitor("BP0001")));
  }

  Hash register(KeyPair key) {
    PatientId id = PatientId.of(DevicesLedger.SUITE.hash(), key.getPublic().getEncoded());
    ok(ledger.run(surgeon, PatientContract.NAME, "register", "publicKey", Hex.encode(key.getPublic().getEncoded()), "signature",
        CareRegistration.sign(DevicesLedger.SUITE.signatures().signer(key), DevicesLedger.CHAIN, id, "hospital-a")));
    return id.value();
  }

  static void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  String consent(KeyPair signer, Hash patient, String hospital, String di, String serial, int number) {
    return AssignmentConsent.sign(DevicesLedger.SUITE.signatures().signer(signer), DevicesLedger.CHAIN, patient, hospital, di, serial,
        number);
  }

  TxOutcome assign(Caller by, String udi, Hash patient, String consent) {
    return ledger.devices(by, "assign", "udi", udi, "patient", patient.hex(), "consent", consent);
  }

  @Test
  void herSignedConsentAssignsTheUnitAndAnExplantEndsItKeepingTheHistory() throws Exception {
    ok(assign(surgeon, pacemaker("PM0001"), alice, consent(aliceKey, alice, "hospital-a", PACEMAKER_DI, "PM0001", 1)));
    DeviceUnit unit = DeviceUnits.find(ledger.state, pacemaker("PM0001")).orElseThrow();
    UnitAssignment a = unit.current().orElseThrow();
    assertThat(a.patient()).isEqualTo(alice);
    assertThat(a.hospital()).isEqualTo("hospital-a");
    assertThat(a.number()).isEqualTo(1);
    assertThat(a.inForce()).isTrue();
    assertThat(ledger.state.get(StateKeys.of("devices", DeviceKeys.patientUnit(alice, PACEMAKER_DI, "PM0001")))).isNotNull();
    assertThat(ledger.query("unit", "udi", pacemaker("PM0001"))).containsEntry("assigned", "true")
        .containsEntry("assignedBy", "hospital-a");

    ok(ledger.devices(surgeon, "unassign", "udi", pacemaker("PM0001"), "reason", "explanted: battery depleted"));
    unit = DeviceUnits.find(ledger.state, pacemaker("PM0001")).orElseThrow();
    assertThat(unit.current()).isEmpty();
    List<UnitAssignment> history = DeviceUnits.assignments(DeviceUnits.of(ledger.state), unit);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).inForce()).isFalse();
    assertThat(history.get(0).endReason()).isEqualTo("explanted: battery depleted");
    assertThat(ledger.state.get(StateKeys.of("devices", DeviceKeys.patientUnit(alice, PACEMAKER_DI, "PM0001")))).isNull();

    // Her first signature was good once: replayed, it no longer matches the unit's next assignment.
    TxOutcome replay = assign(surgeon, pacemaker("PM0001"), alice, consent(aliceKey, alice, "hospital-a", PACEMAKER_DI, "PM0001", 1));
    assertThat(replay.code()).isEqualTo("invalid_consent");
    ok(assign(surgeon, pacemaker("PM0001"), bob, consent(bobKey, bob, "hospital-a", PACEMAKER_DI, "PM0001", 2)));
    assertThat(DeviceUnits.assignments(DeviceUnits.of(ledger.state), DeviceUnits.find(ledger.state, pacemaker("PM0001")).orElseThrow()))
        .extracting(UnitAssignment::patient).containsExactly(alice, bob);
  }

  @Test
  void aHospitalWithoutHerConsentOrWithAnotherOfHerConsentsAssignsNothing() {
    int before = ledger.deviceKeys();
    assertThat(ledger.devices(surgeon, "assign", "udi", monitor("BP0001"), "patient", alice.hex()).code())
        .isEqualTo("missing_argument");
    // Signed by someone else (bob) for alice.
    TxOutcome notHers = assign(surgeon, monitor("BP0001"), alice, consent(bobKey, alice, "hospital-a", MONITOR_DI, "BP0001", 1));
    assertThat(notHers.code()).isEqualTo("invalid_consent");
    assertThat(notHers.message()).contains(alice.hex()).contains("hospital-a");
    // Hers, but naming hospital-a: hospital-b cannot use it.
    String forHospitalA = consent(aliceKey, alice, "hospital-a", MONITOR_DI, "BP0001", 1);
    assertThat(assign(otherHospital, monitor("BP0001"), alice, forHospitalA).code()).isEqualTo("invalid_consent");
    // Hers, for the other unit.
    assertThat(assign(surgeon, monitor("BP0001"), alice, consent(aliceKey, alice, "hospital-a", PACEMAKER_DI, "PM0001", 1)).code())
        .isEqualTo("invalid_consent");
    Hash stranger = Hash.of(DevicesLedger.SUITE.hash().hash(new byte[] {9}));
    assertThat(assign(surgeon, monitor("BP0001"), stranger, forHospitalA).code()).isEqualTo("unknown_patient");
    assertThat(assign(surgeon, monitor("BP0002"), alice, forHospitalA).code()).isEqualTo("unknown_unit");
    assertThat(assign(surgeon, "(01)" + PACEMAKER_DI + "(21)PM0001X", alice, forHospitalA).code()).isEqualTo("unknown_unit");
    assertThat(assign(surgeon, "+X999123ABC0/$$3", alice, forHospitalA).code()).isEqualTo("invalid_udi");
    assertThat(ledger.deviceKeys()).isEqualTo(before);
  }

  @Test
  void aMakerAssignsNothingEvenWithHerConsent() {
    int before = ledger.deviceKeys();
    assertThat(assign(maker, monitor("BP0001"), alice, consent(aliceKey, alice, "med-maker", MONITOR_DI, "BP0001", 1)).code())
        .isEqualTo("forbidden");
    assertThat(assign(makerAdmin, monitor("BP0001"), alice, consent(aliceKey, alice, "med-maker", MONITOR_DI, "BP0001", 1)).code())
        .isEqualTo("forbidden");
    assertThat(assign(patientMember, monitor("BP0001"), alice, consent(aliceKey, alice, "hospital-a", MONITOR_DI, "BP0001", 1)).code())
        .isEqualTo("forbidden");
    assertThat(ledger.deviceKeys()).isEqualTo(before);
  }

  @Test
  void aUnitIsAssignedOnceAndOnlyTheAssigningHospitalEndsIt() {
    ok(assign(surgeon, monitor("BP0001"), alice, consent(aliceKey, alice, "hospital-a", MONITOR_DI, "BP0001", 1)));
    int before = ledger.deviceKeys();
    TxOutcome twice = assign(otherHospital, monitor("BP0001"), bob, consent(bobKey, bob, "hospital-b", MONITOR_DI, "BP0001", 2));
    assertThat(twice.code()).isEqualTo("already_assigned");
    assertThat(assign(surgeon, monitor("BP0001"), alice, consent(aliceKey, alice, "hospital-a", MONITOR_DI, "BP0001", 2)).code())
        .isEqualTo("already_assigned");
    TxOutcome endOthers = ledger.devices(otherHospital, "unassign", "udi", monitor("BP0001"), "reason", "returned");
    assertThat(endOthers.code()).isEqualTo("forbidden");
    assertThat(endOthers.message()).contains("hospital-a").contains("hospital-b");
    assertThat(ledger.devices(maker, "unassign", "udi", monitor("BP0001"), "reason", "recalled").code()).isEqualTo("forbidden");
    assertThat(ledger.devices(surgeon, "unassign", "udi", monitor("BP0001"), "reason", "").code()).isEqualTo("missing_argument");
    assertThat(ledger.devices(surgeon, "unassign", "udi", pacemaker("PM0001"), "reason", "returned").code()).isEqualTo("not_assigned");
    assertThat(ledger.deviceKeys()).isEqualTo(before);
    assertThat(DeviceUnits.find(ledger.state, monitor("BP0001")).orElseThrow().current().orElseThrow().patient()).isEqualTo(alice);
  }
}
