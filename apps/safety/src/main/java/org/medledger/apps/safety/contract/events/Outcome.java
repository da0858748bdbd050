package org.medledger.apps.safety.contract.events;

/** How the event turned out, in FHIR R4's {@code adverse-event-outcome} codes (a required binding). */
public enum Outcome implements CodedValue {
  RESOLVED("resolved", "Resolved"),
  RECOVERING("recovering", "Recovering"),
  ONGOING("ongoing", "Ongoing"),
  RESOLVED_WITH_SEQUELAE("resolvedWithSequelae", "Resolved with Sequelae"),
  FATAL("fatal", "Fatal"),
  UNKNOWN("unknown", "Unknown");

  public static final CodeList<Outcome> LIST = new CodeList<>("outcome", values());

  public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";

  private final Code coded;

  Outcome(String code, String display) {
    coded = new Code(code, display);
  }

  @Override
  public Code coded() {
    return coded;
  }
}
