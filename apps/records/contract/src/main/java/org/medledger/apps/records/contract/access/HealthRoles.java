package org.medledger.apps.records.contract.access;

import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;

/** Who may act for a hospital in the health contracts: its clinicians and admins. */
public final class HealthRoles {
  public static final String CLINICIAN = "clinician";
  public static final String ADMIN = "admin";
  public static final String REGULATOR = "regulator";
  public static final String NODE = "node";

  private HealthRoles() {}

  public static boolean isCareGiver(Caller c) {
    return CLINICIAN.equals(c.role()) || ADMIN.equals(c.role());
  }

  public static void requireCareGiver(Caller c, String action) throws ContractException {
    if (!isCareGiver(c)) {
      throw new ContractException("forbidden", "only a clinician or admin of a member organisation may " + action
          + " (the caller's role is " + c.role() + ")");
    }
  }
}
