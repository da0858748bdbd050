package org.medledger.apps.safety.contract.events;

import java.util.Arrays;
import java.util.Optional;

/** How the event turned out, in FHIR R4's {@code adverse-event-outcome} codes (a required binding). */
public enum Outcome {
  RESOLVED("resolved", "Resolved"),
  RECOVERING("recovering", "Recovering"),
  ONGOING("ongoing", "Ongoing"),
  RESOLVED_WITH_SEQUELAE("resolvedWithSequelae", "Resolved with Sequelae"),
  FATAL("fatal", "Fatal"),
  UNKNOWN("unknown", "Unknown");

  public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";

  private final String code;
  private final String display;

  Outcome(String code, String display) {
    this.code = code;
    this.display = display;
  }

  public String code() {
    return code;
  }

  public String display() {
    return display;
  }

  public static Optional<Outcome> fromCode(String code) {
    return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst();
  }

  public static String codes() {
    return String.join(", ", Arrays.stream(values()).map(Outcome::code).toList());
  }
}
