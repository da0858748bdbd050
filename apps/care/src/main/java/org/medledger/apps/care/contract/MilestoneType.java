package org.medledger.apps.care.contract;

import org.medledger.core.runtime.ContractException;

/**
 * A recovery milestone. Discharges and follow-ups are the hospital's acts, so only its clinicians
 * record them; a goal achieved or an outcome the patient reports may also be signed by the
 * patient herself.
 */
public enum MilestoneType {
  GOAL_ACHIEVED("goal-achieved", true),
  DISCHARGE("discharge", false),
  FOLLOW_UP_DONE("follow-up-done", false),
  PATIENT_REPORTED_OUTCOME("patient-reported-outcome", true);

  private final String wireName;
  private final boolean patientMaySign;

  MilestoneType(String wireName, boolean patientMaySign) {
    this.wireName = wireName;
    this.patientMaySign = patientMaySign;
  }

  public String wireName() {
    return wireName;
  }

  public boolean patientMaySign() {
    return patientMaySign;
  }

  public static MilestoneType parse(String wireName) throws ContractException {
    for (MilestoneType t : values()) {
      if (t.wireName.equals(wireName)) {
        return t;
      }
    }
    throw new ContractException("invalid_argument", "type '" + wireName
        + "' must be goal-achieved, discharge, follow-up-done or patient-reported-outcome");
  }

  static MilestoneType stored(String wireName) {
    try {
      return parse(wireName);
    } catch (ContractException e) {
      throw new IllegalStateException("care state holds an unknown milestone type: " + wireName, e);
    }
  }
}
