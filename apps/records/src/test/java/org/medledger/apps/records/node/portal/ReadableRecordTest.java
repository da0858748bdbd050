package org.medledger.apps.records.node.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.medledger.fhirconformance.FhirConformance;

/** How a clinician's page shows a record: the common FHIR types as a table, the rest as JSON, markup never as markup. */
class ReadableRecordTest {
  static final String NARRATIVE = "\"text\":{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">"
      + "<p>Seen &amp; noted &lt;script&gt;alert(1)&lt;/script&gt;</p></div>\"}";

  static Map<String, String> fields(String json) {
    FhirConformance.assertValid(json);
    ReadableRecord r = ReadableRecord.of("ignored", json.getBytes(StandardCharsets.UTF_8));
    assertThat(r.tabled()).isTrue();
    return r.fields().stream().collect(Collectors.toMap(f -> f[0], f -> f[1]));
  }

  @Test
  void anObservationShowsWhatItMeasuredItsValueAndWhen() {
    assertThat(fields("""
        {"resourceType":"Observation","status":"final",%s,
         "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},
         "effectiveDateTime":"2026-12-01T10:00:00Z",
         "valueQuantity":{"value":72,"unit":"beats/min","system":"http://unitsofmeasure.org","code":"/min"}}""".formatted(NARRATIVE)))
        .containsEntry("What", "Heart rate").containsEntry("Value", "72 beats/min").containsEntry("Status", "final")
        .containsEntry("When", "2026-12-01T10:00:00Z");
  }

  @Test
  void aDiagnosticReportShowsItsConclusion() {
    assertThat(fields("""
        {"resourceType":"DiagnosticReport","status":"final","code":{"text":"Full blood count"},
         "issued":"2026-12-01T10:00:00Z","conclusion":"Normal"}"""))
        .containsEntry("What", "Full blood count").containsEntry("Conclusion", "Normal").containsEntry("When", "2026-12-01T10:00:00Z");
  }

  @Test
  void anAllergyShowsItsSubstanceCriticalityAndReactions() {
    assertThat(fields("""
        {"resourceType":"AllergyIntolerance","patient":{"reference":"Patient/p1"},"criticality":"high",
         "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
         "code":{"text":"Penicillin"},
         "reaction":[{"manifestation":[{"text":"Hives"}],"severity":"moderate"}]}"""))
        .containsEntry("What", "Penicillin").containsEntry("Criticality", "high").containsEntry("Reactions", "Hives (moderate)")
        .containsEntry("Clinical status", "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical|active");
  }

  @Test
  void aConditionShowsItsCodeAndOnset() {
    assertThat(fields("""
        {"resourceType":"Condition","subject":{"reference":"Patient/p1"},"code":{"text":"Type 2 diabetes"},
         "onsetDateTime":"2020-05-01","note":[{"text":"=cmd|' /C calc'!A0"}]}"""))
        .containsEntry("What", "Type 2 diabetes").containsEntry("Onset", "2020-05-01").containsEntry("Notes", "=cmd|' /C calc'!A0");
  }

  @Test
  void aNarrativesMarkupIsReducedToItsTextWithScriptAsWords() {
    String json = "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/p1\"},"
        + NARRATIVE + "}";
    FhirConformance.assertValid(json);
    ReadableRecord r = ReadableRecord.of("CarePlan", json.getBytes(StandardCharsets.UTF_8));
    assertThat(r.tabled()).isFalse();
    assertThat(r.narrative()).isEqualTo("Seen & noted <script>alert(1)</script>");
    assertThat(r.raw()).contains("\"resourceType\" : \"CarePlan\"");
  }

  @Test
  void aDocumentIsTextWhenItIsTextAndASizeOtherwise() {
    assertThat(ReadableRecord.of("Binary", "discharge summary".getBytes(StandardCharsets.UTF_8)).raw()).isEqualTo("discharge summary");
    ReadableRecord binary = ReadableRecord.of("Binary", new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    assertThat(binary.raw()).isEmpty();
    assertThat(binary.bytes()).isEqualTo(3);
    assertThat(binary.fields()).isEqualTo(List.of());
  }
}
