package org.medledger.apps.insurance.node.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Resource;

/** FHIR R4 JSON of the insurance resources, written with HAPI's shared R4 context (built once per JVM). */
public final class InsuranceFhirJson {
  private InsuranceFhirJson() {}

  public static byte[] write(Resource resource) {
    return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
  }
}
