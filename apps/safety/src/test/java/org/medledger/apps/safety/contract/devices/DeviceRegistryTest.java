package org.medledger.apps.safety.contract.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.safety.contract.devices.DeviceLabels.MONITOR_DI;
import static org.medledger.apps.safety.contract.devices.DeviceLabels.PACEMAKER_DI;
import static org.medledger.apps.safety.contract.devices.DeviceLabels.monitor;
import static org.medledger.apps.safety.contract.devices.DeviceLabels.pacemaker;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.medledger.apps.safety.contract.Gs1Udi;
import org.medledger.apps.safety.contract.Udi;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hex;

/** Issue 17, item 6: a maker registers its device models and their units by UDI, in either agency's format. */
class DeviceRegistryTest {
  final DevicesLedger ledger = new DevicesLedger();
  final Caller maker = ledger.member("med-maker-factory", "med-maker", "maker");
  final Caller otherMaker = ledger.member("rival-maker-factory", "rival-maker", "maker");
  final Caller hospitalAdmin = ledger.member("hospital-a-admin", "hospital-a", "admin");
  final Caller clinician = ledger.member("dr-wang", "hospital-a", "clinician");

  void models() {
    assertThat(ledger.devices(maker, "registerModel", "di", PACEMAKER_DI, "name", "Pacemaker PM-1", "deviceClass", "III",
        "kind", "implant").success()).isTrue();
    assertThat(ledger.devices(maker, "registerModel", "di", MONITOR_DI, "name", "Blood pressure monitor BP-2",
        "deviceClass", "IIa", "kind", "home-monitor").success()).isTrue();
  }

  @Test
  void aMakerRegistersModelsAndUnitsInBothFormatsAndTheUnitReadsBackWithItsKey() throws Exception {
    models();
    KeyPair deviceKeys = DevicesLedger.SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {1}));
    String publicKey = Hex.encode(deviceKeys.getPublic().getEncoded());
    TxOutcome gs1 = ledger.devices(maker, "registerUnit", "udi", pacemaker("PM0001"));
    assertThat(gs1.success()).as(gs1.message()).isTrue();
    TxOutcome hibc = ledger.devices(maker, "registerUnit", "udi", monitor("BP0001"), "publicKey", publicKey);
    assertThat(hibc.success()).as(hibc.message()).isTrue();

    assertThat(ledger.query("model", "di", "(01)" + PACEMAKER_DI)).containsEntry("maker", "med-maker")
        .containsEntry("kind", "implant").containsEntry("deviceClass", "III").containsEntry("agency", "GS1");
    SortedMap<String, String> unit = ledger.query("unit", "udi", pacemaker("PM0001"));
    assertThat(unit).containsEntry("di", PACEMAKER_DI).containsEntry("serial", "PM0001").containsEntry("lot", "A213B1")
        .containsEntry("expiry", "2028-07-07").containsEntry("maker", "med-maker").containsEntry("publicKey", "")
        .containsEntry("assigned", "false");

    // The same unit found from the GS1 DataMatrix's element string, and the HIBC unit with its own key.
    Udi hibcUdi = Udi.parse(monitor("BP0001"), 2026);
    DeviceUnit found = DeviceUnits.find(ledger.state, monitor("BP0001")).orElseThrow();
    assertThat(found.deviceIdentifier()).isEqualTo(MONITOR_DI);
    assertThat(found.serial()).isEqualTo("BP0001");
    assertThat(found.lot()).isEqualTo("1234AB");
    assertThat(found.expiry()).isEqualTo("2029-05-15");
    assertThat(found.manufactured()).isEqualTo("2025-10-01");
    assertThat(found.maker()).isEqualTo("med-maker");
    assertThat(found.udi()).isEqualTo(hibcUdi.render());
    assertThat(found.publicKey()).isEqualTo(deviceKeys.getPublic().getEncoded());
    assertThat(found.current()).isEmpty();
    String elementString = Gs1Udi.elementString(Udi.parse(pacemaker("PM0001"), 2026));
    assertThat(DeviceUnits.find(ledger.state, elementString).orElseThrow().serial()).isEqualTo("PM0001");
    assertThat(DeviceUnits.find(ledger.state, pacemaker("PM0002"))).isEmpty();
  }

  @Test
  void aMalformedUdiIsRefusedNamingWhatIsWrongAndNothingIsWritten() {
    models();
    int before = ledger.deviceKeys();
    String badCheckDigit = pacemaker("PM0001").replace(PACEMAKER_DI, "51022222233337");
    TxOutcome gtin = ledger.devices(maker, "registerUnit", "udi", badCheckDigit);
    assertThat(gtin.code()).isEqualTo("invalid_udi");
    assertThat(gtin.message()).contains(badCheckDigit).containsIgnoringCase("check digit");

    String label = monitor("BP0001");
    String badCheckCharacter = label.substring(0, label.length() - 1) + (label.endsWith("A") ? "B" : "A");
    TxOutcome hibc = ledger.devices(maker, "registerUnit", "udi", badCheckCharacter);
    assertThat(hibc.code()).isEqualTo("invalid_udi");
    assertThat(hibc.message()).containsIgnoringCase("check character");

    TxOutcome isbt = ledger.devices(maker, "registerUnit", "udi", "=/1AB37");
    assertThat(isbt.code()).isEqualTo("invalid_udi");
    assertThat(isbt.message()).contains("ISBT 128");

    TxOutcome lotOnly = ledger.devices(maker, "registerUnit", "udi", "(01)" + PACEMAKER_DI + "(10)A213B1");
    assertThat(lotOnly.code()).isEqualTo("invalid_argument");
    assertThat(lotOnly.message()).contains("no serial");

    TxOutcome notAKey = ledger.devices(maker, "registerUnit", "udi", pacemaker("PM0009"), "publicKey", "00ff");
    assertThat(notAKey.code()).isEqualTo("invalid_argument");
    assertThat(notAKey.message()).contains("publicKey");

    TxOutcome unitAsModel = ledger.devices(maker, "registerModel", "di", pacemaker("PM0001"), "name", "x", "deviceClass", "I",
        "kind", "other");
    assertThat(unitAsModel.message()).contains("production identifiers");
    assertThat(ledger.devices(maker, "registerModel", "di", "12345678901234", "name", "x", "deviceClass", "I", "kind", "other")
        .message()).containsIgnoringCase("check digit");
    assertThat(ledger.devices(maker, "registerModel", "di", "05012345678900", "name", "x", "deviceClass", "IV", "kind", "other")
        .message()).contains("device class 'IV'");
    assertThat(ledger.devices(maker, "registerModel", "di", "05012345678900", "name", "x", "deviceClass", "I", "kind", "toaster")
        .message()).contains("device kind 'toaster'");
    assertThat(ledger.deviceKeys()).isEqualTo(before);
  }

  @Test
  void onlyTheModelsOwnMakerRegistersItsUnitsAndNoRoleButMakerRegistersAnything() {
    models();
    int before = ledger.deviceKeys();
    TxOutcome rival = ledger.devices(otherMaker, "registerUnit", "udi", pacemaker("PM0100"));
    assertThat(rival.code()).isEqualTo("forbidden");
    assertThat(rival.message()).contains("med-maker").contains("rival-maker");
    TxOutcome squat = ledger.devices(otherMaker, "registerModel", "di", PACEMAKER_DI, "name", "Mine now", "deviceClass", "III",
        "kind", "implant");
    assertThat(squat.code()).isEqualTo("already_registered");
    assertThat(ledger.devices(hospitalAdmin, "registerModel", "di", "05012345678900", "name", "x", "deviceClass", "I",
        "kind", "other").code()).isEqualTo("forbidden");
    assertThat(ledger.devices(hospitalAdmin, "registerUnit", "udi", pacemaker("PM0100")).code()).isEqualTo("forbidden");
    assertThat(ledger.devices(clinician, "registerUnit", "udi", pacemaker("PM0100")).code()).isEqualTo("forbidden");
    TxOutcome unknown = ledger.devices(maker, "registerUnit", "udi", "(01)05012345678900(21)S1");
    assertThat(unknown.code()).isEqualTo("unknown_model");
    assertThat(ledger.deviceKeys()).isEqualTo(before);

    assertThat(ledger.devices(maker, "registerUnit", "udi", pacemaker("PM0100")).success()).isTrue();
    TxOutcome twice = ledger.devices(maker, "registerUnit", "udi", Gs1Udi.elementString(Udi.parse(pacemaker("PM0100"), 2026)));
    assertThat(twice.code()).isEqualTo("already_registered");
    assertThat(ledger.deviceKeys()).isEqualTo(before + 1);
  }
}
