package org.medledger.fhirconformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The conformance check itself: it passes a conformant resource and fails the defects the façade once served. */
class FhirConformanceTest {
  static final String DOCUMENT_REFERENCE = "{\"resourceType\":\"DocumentReference\",\"id\":\"%s\",\"status\":\"current\","
      + "\"subject\":{\"reference\":\"Patient/p1\"}%s}";
  static final String CONTENT = ",\"content\":[{\"attachment\":{\"contentType\":\"application/fhir+json\","
      + "\"url\":\"https://node.example/fhir/Observation/1\"}}]";

  @Test
  void passesAConformantResource() {
    String ok = DOCUMENT_REFERENCE.formatted("ab".repeat(32), CONTENT);
    FhirConformance.assertValid(ok);
    assertThat(FhirConformance.errors(FhirConformance.check(ok))).isEmpty();
  }

  @Test
  void failsAnIdLongerThanSixtyFourCharacters() {
    // FHIR R4 id: [A-Za-z0-9\-\.]{1,64}; the AuditEvent ids once served were {height}-{64 hex}-{n}.
    String tooLong = DOCUMENT_REFERENCE.formatted("12-" + "ab".repeat(32) + "-0", CONTENT);
    assertThatThrownBy(() -> FhirConformance.assertValid(tooLong)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("DocumentReference.id");
  }

  @Test
  void failsADocumentReferenceWithoutContent() {
    // DocumentReference.content is 1..*; the erased record's view once had none.
    String noContent = DOCUMENT_REFERENCE.formatted("ab".repeat(32), "");
    assertThatThrownBy(() -> FhirConformance.assertValid(noContent)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("DocumentReference.content");
  }

  @Test
  void failsACodeOutsideARequiredBindingAndAnUnknownElement() {
    assertThatThrownBy(() -> FhirConformance.assertValid(DOCUMENT_REFERENCE.formatted("x", CONTENT).replace("current", "erased")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("erased");
    assertThatThrownBy(() -> FhirConformance.assertValid(DOCUMENT_REFERENCE.formatted("x", CONTENT + ",\"colour\":\"red\"")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("colour");
  }
}
