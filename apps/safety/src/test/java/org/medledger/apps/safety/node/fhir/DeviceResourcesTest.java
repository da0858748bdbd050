package org.medledger.apps.safety.node.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.Device;
import org.junit.jupiter.api.Test;
import org.medledger.apps.safety.contract.IssuingAgency;
import org.medledger.apps.safety.contract.Udi;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.apps.safety.contract.devices.DevicesLedger;
import org.medledger.core.runtime.Caller;
import org.medledger.fhirconformance.FhirConformance;

/**
 * An HIBC-labelled unit, and a GS1 unit with no lot or expiry, as FHIR R4 {@code Device}s valid by
 * HAPI's instance validator (the network test serves a GS1 unit with every field): the issuer names
 * the unit's own agency, and fields the label lacks are left out rather than written empty.
 */
class DeviceResourcesTest {
  static final String HIBC_DI = "X999123ABC0";
  static final String GS1_DI = "51022222233336";

  @Test
  void anHibcUnitAndAGs1UnitWithoutLotAreValidDevicesNamingTheirAgency() throws Exception {
    DevicesLedger ledger = new DevicesLedger();
    Caller maker = ledger.member("med-maker-factory", "med-maker", "maker");
    assertThat(ledger.devices(maker, "registerModel", "di", HIBC_DI, "name", "Glucose meter G-1", "deviceClass", "IIb", "kind",
        "home-monitor").success()).isTrue();
    assertThat(ledger.devices(maker, "registerModel", "di", GS1_DI, "name", "Pacemaker PM-1", "deviceClass", "III", "kind",
        "implant").success()).isTrue();
    String hibc = new Udi(IssuingAgency.HIBCC, HIBC_DI, Optional.of("1234AB"), Optional.of(LocalDate.of(2029, 5, 15)),
        Optional.of("G0001"), Optional.of(LocalDate.of(2025, 10, 1))).render();
    String gs1 = new Udi(IssuingAgency.GS1, GS1_DI, Optional.empty(), Optional.empty(), Optional.of("PM0001"), Optional.empty())
        .render();
    assertThat(ledger.devices(maker, "registerUnit", "udi", hibc).success()).isTrue();
    assertThat(ledger.devices(maker, "registerUnit", "udi", gs1).success()).isTrue();

    DeviceResources resources = new DeviceResources(() -> ledger.state, new DeviceIds(DevicesLedger.SUITE.hash()),
        (state, who, patient) -> false);
    Device h = resources.device(ledger.state, maker, DeviceUnits.find(ledger.state, hibc).orElseThrow());
    String hJson = new String(DeviceResources.json(h), java.nio.charset.StandardCharsets.UTF_8);
    FhirConformance.assertValid(hJson);
    assertThat(h.getUdiCarrierFirstRep().getIssuer()).isEqualTo(DeviceResources.HIBCC_ISSUER);
    assertThat(h.getUdiCarrierFirstRep().getCarrierHRF()).isEqualTo(hibc);
    assertThat(h.getLotNumber()).isEqualTo("1234AB");
    assertThat(hJson).contains("\"manufactureDate\":\"2025-10-01\"").contains("\"expirationDate\":\"2029-05-15\"");

    Device g = resources.device(ledger.state, maker, DeviceUnits.find(ledger.state, gs1).orElseThrow());
    String gJson = new String(DeviceResources.json(g), java.nio.charset.StandardCharsets.UTF_8);
    FhirConformance.assertValid(gJson);
    assertThat(g.getUdiCarrierFirstRep().getIssuer()).isEqualTo(DeviceResources.GS1_ISSUER);
    assertThat(gJson).doesNotContain("lotNumber").doesNotContain("expirationDate").contains("\"serialNumber\":\"PM0001\"");
  }
}
