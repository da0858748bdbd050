package org.medledger.fhirconformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * Whether what the FHIR façade served conforms to FHIR R4, by HAPI's instance validator (the R4
 * structure definitions, their invariants, cardinalities, datatypes and the value sets bound to
 * them), not only by the lenient parser. Every test that reads FHIR from the façade sends what it
 * was served through {@link #assertValid}; a Bundle is validated with every entry in it.
 *
 * <p>Only error-level messages fail ({@code error} and {@code fatal}): those are what FHIR R4 says
 * a conformant instance must not have. Warnings and information are reported by {@link #check}
 * but pass, because the validator raises them for what R4 leaves to the author, and what the
 * façade serves today draws exactly these: a code system it cannot look up without a terminology
 * server (our own {@code urn:medledger:*} systems; LOINC, which the R4 validation resources do not
 * bundle), the best-practice rule {@code dom-6} (a resource should have a narrative: ours are
 * metadata for programs, and a narrative would only repeat it), and a coding outside a value set
 * bound as {@code extensible} or {@code preferred} (Consent.policyRule, Consent.provision.class,
 * DocumentReference.type), which R4 allows when the set has no suitable code. A binding of
 * strength {@code required} is checked in memory, with the code systems and value sets the R4
 * validation resources bring, so a wrong code there, or a code unknown to a code system the
 * validator holds, is an error.
 *
 * <p>The validator takes seconds to build (it loads every R4 structure definition), so it is built
 * once per JVM, on first use; HAPI's validator is thread-safe once built.
 */
public final class FhirConformance {
  private static volatile FhirValidator validator;

  private FhirConformance() {}

  /** Fails, listing every error-level message with its location, unless {@code json} is a conformant FHIR R4 resource. */
  public static void assertValid(String json) {
    List<SingleValidationMessage> errors = errors(check(json));
    if (!errors.isEmpty()) {
      throw new AssertionError("not conformant FHIR R4 (" + errors.size() + " error(s)):\n" + describe(errors)
          + "\nin: " + (json.length() > 4_000 ? json.substring(0, 4_000) + "…" : json));
    }
  }

  /** Every message the instance validator has about {@code json}, whatever its severity. */
  public static ValidationResult check(String json) {
    return validator().validateWithResult(json);
  }

  /** The messages that make an instance non-conformant: error and fatal. */
  public static List<SingleValidationMessage> errors(ValidationResult result) {
    return result.getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .toList();
  }

  public static String describe(List<SingleValidationMessage> messages) {
    return messages.stream()
        .map(m -> "  " + m.getSeverity() + " at " + m.getLocationString() + ": " + m.getMessage())
        .collect(Collectors.joining("\n"));
  }

  private static FhirValidator validator() {
    FhirValidator v = validator;
    if (v == null) {
      synchronized (FhirConformance.class) {
        v = validator;
        if (v == null) {
          v = build();
          validator = v;
        }
      }
    }
    return v;
  }

  private static FhirValidator build() {
    FhirContext context = FhirContext.forR4();
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(context),
        new SnapshotGeneratingValidationSupport(context),
        new InMemoryTerminologyServerValidationSupport(context),
        new CommonCodeSystemsTerminologyService(context));
    FhirInstanceValidator instance = new FhirInstanceValidator(chain);
    // The façade defines no extension: one the validator cannot resolve is an error, not let by.
    instance.setAnyExtensionsAllowed(false);
    FhirValidator v = context.newValidator();
    // The instance validator checks what the XML schema and schematron would, and JSON too.
    v.setValidateAgainstStandardSchema(false);
    v.setValidateAgainstStandardSchematron(false);
    v.registerValidatorModule(instance);
    return v;
  }
}
