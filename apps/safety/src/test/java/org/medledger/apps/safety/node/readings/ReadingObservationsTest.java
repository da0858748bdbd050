package org.medledger.apps.safety.node.readings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.apps.safety.contract.readings.DeviceReading;
import org.medledger.fhirconformance.FhirConformance;

/** The vault's copy of a patient's readings is valid FHIR R4 and says exactly what each device signed. */
class ReadingObservationsTest {
  static final String UDI = "(01)09506000134352(17)281231(10)LOT7(21)MON-0001";

  @Test
  void aPatientsReadingsAreAValidBundleOfObservationsWithTheSignedDecimalsVerbatim() throws Exception {
    List<ReadingObservations.Placed> readings = List.of(
        new ReadingObservations.Placed(0, new DeviceReading(UDI, 1, 1_796_000_000_123L, DeviceReading.LOINC, "8480-6", "128", "mm[Hg]")),
        new ReadingObservations.Placed(3, new DeviceReading(UDI, 2, 1_796_000_060_000L, DeviceReading.LOINC, "8310-5", "36.60", "Cel")),
        new ReadingObservations.Placed(7, new DeviceReading(UDI, 3, 1_796_000_120_000L, DeviceReading.LOINC, "2339-0",
            "0.000000000000000001", "mg/dL")));
    String json = new String(ReadingObservations.bundle("ab".repeat(32), "hospital-a", "gw-1-7", readings), StandardCharsets.UTF_8);
    FhirConformance.assertValid(json);
    assertThat(json).contains("\"value\":36.60,").contains("\"value\":0.000000000000000001,").doesNotContain("E-");
    JsonNode first = new ObjectMapper().readTree(json).get("entry").get(0).get("resource");
    assertThat(first.get("identifier").get(0).get("value").asText()).isEqualTo("hospital-a/gw-1-7/0");
    assertThat(first.get("subject").get("reference").asText()).isEqualTo("Patient/" + "ab".repeat(32));
    assertThat(first.get("effectiveDateTime").asText()).isEqualTo("2026-11-30T00:53:20.123Z");
    assertThat(first.get("device").get("identifier").get("value").asText()).isEqualTo(UDI);
  }
}
