package org.medledger.apps.safety.contract.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The reporter's assessment of whether the suspect caused the event, in FHIR R4's
 * {@code adverse-event-causality-assess} codes (the WHO-UMC categories). Optional on a report: a
 * patient, or a clinician on the first day, often cannot judge it yet, and a follow-up adds it.
 */
public enum Causality {
  CERTAIN("Certain", "Certain"),
  PROBABLY_LIKELY("Probably-Likely", "Probably/Likely"),
  POSSIBLE("Possible", "Possible"),
  UNLIKELY("Unlikely", "Unlikely"),
  CONDITIONAL_CLASSIFIED("Conditional-Classified", "Conditional/Classified"),
  UNASSESSABLE_UNCLASSIFIABLE("Unassessable-Unclassifiable", "Unassessable/Unclassifiable");

  public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-causality-assess";

  private final String code;
  private final String display;

  Causality(String code, String display) {
    this.code = code;
    this.display = display;
  }

  public String code() {
    return code;
  }

  public String display() {
    return display;
  }

  public static Optional<Causality> fromCode(String code) {
    return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
  }

  public static String codes() {
    return String.join(", ", Arrays.stream(values()).map(Causality::code).toList());
  }
}
