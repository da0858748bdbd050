package org.medledger.apps.safety.contract.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * How serious the event was, in FHIR R4's {@code adverse-event-seriousness} codes (ICH E2A's
 * seriousness criteria: death, life-threatening, hospitalisation, disability, congenital anomaly,
 * other medically important).
 */
public enum Seriousness {
  NON_SERIOUS("Non-serious", "Non-serious"),
  SERIOUS("Serious", "Serious"),
  DEATH("SeriousResultsInDeath", "Results in death"),
  LIFE_THREATENING("SeriousIsLifeThreatening", "Is life-threatening"),
  HOSPITALISATION("SeriousResultsInHospitalization", "Requires or prolongs inpatient hospitalization"),
  DISABILITY("SeriousResultsInPersistentOrSignificantDisability", "Results in persistent or significant disability"),
  CONGENITAL_ANOMALY("SeriousResultsInCongenitalAnomali", "Is a congenital anomaly or birth defect"),
  REQUIRES_INTERVENTION("SeriousRequiresPreventImpairment", "Requires intervention to prevent permanent impairment");

  public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";

  private final String code;
  private final String display;

  Seriousness(String code, String display) {
    this.code = code;
    this.display = display;
  }

  public String code() {
    return code;
  }

  public String display() {
    return display;
  }

  public static Optional<Seriousness> fromCode(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }

  public static String codes() {
    return String.join(", ", Arrays.stream(values()).map(Seriousness::code).toList());
  }
}
