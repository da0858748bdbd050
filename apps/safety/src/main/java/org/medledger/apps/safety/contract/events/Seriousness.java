package org.medledger.apps.safety.contract.events;

/**
 * How serious the event was, in FHIR R4's {@code adverse-event-seriousness} codes (ICH E2A's
 * seriousness criteria: death, life-threatening, hospitalisation, disability, congenital anomaly,
 * other medically important).
 */
public enum Seriousness implements CodedValue {
  NON_SERIOUS("Non-serious", "Non-serious"),
  SERIOUS("Serious", "Serious"),
  DEATH("SeriousResultsInDeath", "Results in death"),
  LIFE_THREATENING("SeriousIsLifeThreatening", "Is life-threatening"),
  HOSPITALISATION("SeriousResultsInHospitalization", "Requires or prolongs inpatient hospitalization"),
  DISABILITY("SeriousResultsInPersistentOrSignificantDisability", "Results in persistent or significant disability"),
  CONGENITAL_ANOMALY("SeriousResultsInCongenitalAnomali", "Is a congenital anomaly or birth defect"),
  REQUIRES_INTERVENTION("SeriousRequiresPreventImpairment", "Requires intervention to prevent permanent impairment");

  public static final CodeList<Seriousness> LIST = new CodeList<>("seriousness", values());

  public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";

  private final Code coded;

  Seriousness(String code, String display) {
    coded = new Code(code, display);
  }

  @Override
  public Code coded() {
    return coded;
  }
}
