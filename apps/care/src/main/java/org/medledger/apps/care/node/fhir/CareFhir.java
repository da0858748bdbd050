package org.medledger.apps.care.node.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.crypto.Hash;
import org.medledger.node.application.FhirProblem;

/** The references, times and JSON care's FHIR views share. */
final class CareFhir {
  static final String ORGANISATION = "urn:medledger:organisation";
  static final String GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement";

  private CareFhir() {}

  static Reference organisation(String name) {
    return new Reference().setIdentifier(new Identifier().setSystem(ORGANISATION).setValue(name)).setDisplay(name);
  }

  static Reference patient(Hash patient) {
    return new Reference("Patient/" + patient.hex());
  }

  static DateTimeType time(long millis) {
    return new DateTimeType(new Date(millis), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC"));
  }

  static byte[] json(Resource resource) {
    return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
  }

  /** A stored document as the resource it is; a document that is not one is the vault's problem, not the reader's. */
  static Resource parse(byte[] json, String expectedType) {
    try {
      Resource r = (Resource) FhirContext.forR4Cached().newJsonParser().parseResource(new String(json, StandardCharsets.UTF_8));
      if (!r.fhirType().equals(expectedType)) {
        throw new FhirProblem(500, "processing", "the stored document is a " + r.fhirType() + ", not a " + expectedType);
      }
      return r;
    } catch (DataFormatException e) {
      throw new FhirProblem(500, "processing", "the stored document is not FHIR JSON: " + e.getMessage());
    }
  }

  /** A 64-hex id, or empty when the id cannot be one (so it names nothing here). */
  static Optional<Hash> hash(String id) {
    try {
      return Optional.of(Hash.fromHex(id.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
