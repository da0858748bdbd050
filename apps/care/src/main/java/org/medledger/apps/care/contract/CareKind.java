package org.medledger.apps.care.contract;

import org.medledger.core.runtime.ContractException;

/** What a versioned care document is: its FHIR R4 resource type, which the stored record must have. */
public enum CareKind {
  CARE_PLAN("CarePlan"),
  GOAL("Goal");

  private final String resourceType;

  CareKind(String resourceType) {
    this.resourceType = resourceType;
  }

  public String resourceType() {
    return resourceType;
  }

  /** The kind a transaction names; an error listing the kinds when it names another. */
  public static CareKind parse(String resourceType) throws ContractException {
    for (CareKind k : values()) {
      if (k.resourceType.equals(resourceType)) {
        return k;
      }
    }
    throw new ContractException("invalid_argument", "kind '" + resourceType + "' must be CarePlan or Goal");
  }

  /** A kind read back from state, which only ever holds the names above. */
  static CareKind stored(String resourceType) {
    try {
      return parse(resourceType);
    } catch (ContractException e) {
      throw new IllegalStateException("care state holds an unknown kind: " + resourceType, e);
    }
  }
}
