package org.medledger.apps.safety.contract.events;

/**
 * The reporter's assessment of whether the suspect caused the event, in FHIR R4's
 * {@code adverse-event-causality-assess} codes (the WHO-UMC categories). Optional on a report: a
 * patient, or a clinician on the first day, often cannot judge it yet, and a follow-up adds it.
 */
public enum Causality implements CodedValue {
  CERTAIN("Certain", "Certain"),
  PROBABLY_LIKELY("Probably-Likely", "Probably/Likely"),
  POSSIBLE("Possible", "Possible"),
  UNLIKELY("Unlikely", "Unlikely"),
  CONDITIONAL_CLASSIFIED("Conditional-Classified", "Conditional/Classified"),
  UNASSESSABLE_UNCLASSIFIABLE("Unassessable-Unclassifiable", "Unassessable/Unclassifiable");

  public static final CodeList<Causality> LIST = new CodeList<>("causality", values());

  public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-causality-assess";

  private final Code coded;

  Causality(String code, String display) {
    coded = new Code(code, display);
  }

  @Override
  public Code coded() {
    return coded;
  }
}
