package org.medledger.apps.safety.node.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.apps.safety.contract.devices.DeviceUnit;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.apps.safety.contract.devices.DevicesLedger;
import org.medledger.core.runtime.Caller;

/** A unit's FHIR id is a valid FHIR id and reads back to that one unit, whatever its GS1 serial holds. */
class DeviceIdsTest {
  static final String DI = "05012345678900";
  final DevicesLedger ledger = new DevicesLedger();
  final Caller maker = ledger.member("factory", "med-maker", "maker");
  final DeviceIds ids = new DeviceIds(DevicesLedger.SUITE.hash());

  DeviceUnit unit(String serial) {
    assertThat(ledger.devices(maker, "registerUnit", "udi", "(01)" + DI + "(21)" + serial).success()).isTrue();
    return DeviceUnits.find(DeviceUnits.of(ledger.state), DI, serial).orElseThrow();
  }

  @Test
  void plainSerialsPunctuationAndLongSerialsEachReadBackToTheirUnit() {
    assertThat(ledger.devices(maker, "registerModel", "di", DI, "name", "Monitor", "deviceClass", "IIa", "kind", "home-monitor")
        .success()).isTrue();
    DeviceUnit plain = unit("BP0001");
    DeviceUnit punctuated = unit("A-1/2.b");
    DeviceUnit longOne = unit("%&'*+,-./:;<=>?_\"!%");
    unit("BP0002");

    assertThat(ids.of(plain)).isEqualTo(DI + "-BP0001");
    assertThat(ids.of(punctuated)).isEqualTo(DI + "-A.2d1.2f2.2eb");
    assertThat(ids.of(longOne)).startsWith(DI + "-h").hasSize(DI.length() + 2 + 24);
    for (DeviceUnit u : new DeviceUnit[] {plain, punctuated, longOne}) {
      assertThat(ids.of(u)).matches("[A-Za-z0-9\\-.]{1,64}");
      assertThat(ids.find(ledger.state, ids.of(u)).orElseThrow().serial()).isEqualTo(u.serial());
    }
    assertThat(ids.find(ledger.state, DI + "-BP0003")).isEmpty();
    assertThat(ids.find(ledger.state, DI + "-A.2")).isEmpty();
    assertThat(ids.find(ledger.state, "nodash")).isEmpty();
    assertThat(ids.find(ledger.state, DI + "-h" + "0".repeat(24))).isEmpty();
  }
}
