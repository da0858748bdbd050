package org.medledger.apps.records.contract.access;

import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;

/**
 * Who may act for a hospital in the health contracts: its clinicians and admins. Acting (registering
 * patients and records, delegating consents, approving erasures) is both roles'; reading clinical
 * content on the hospital's ground is its clinicians' only (least privilege, docs/security.md).
 */
public final class HealthRoles {
  public static final String CLINICIAN = "clinician";
  public static final String ADMIN = "admin";
  public static final String REGULATOR = "regulator";
  public static final String NODE = "node";
  public static final String PATIENT = "patient";

  private HealthRoles() {}

  public static boolean isCareGiver(Caller c) {
    return CLINICIAN.equals(c.role()) || ADMIN.equals(c.role());
  }

  /**
   * Whether this member reads clinical content on her organisation's ground (it holds the record,
   * cares for the patient, or was given a consent as an organisation): its clinicians. An admin
   * registers and manages patients and sees the metadata her job needs; a clinical document is
   * read by the people who treat (HIPAA's minimum necessary, GDPR art. 5(1)(c)).
   */
  public static boolean readsClinicalContent(Caller c) {
    return CLINICIAN.equals(c.role());
  }

  /**
   * Whether this member reads on her organisation's behalf what a patient gave that organisation (a
   * consent naming it, a shared milestone): its clinicians, an insurer's assessors, a sponsor's
   * researchers, a regulator's inspectors. Not its admins (they register and manage patients and
   * read no clinical content on the organisation's ground), not a patient who holds a certificate
   * of it (she acts for herself, never for it: a consent to her hospital is not a consent to its
   * other patients), and not its nodes (they carry their members' reads, they read nothing).
   */
  public static boolean readsForItsOrganisation(Caller c) {
    return !ADMIN.equals(c.role()) && !PATIENT.equals(c.role()) && !NODE.equals(c.role());
  }

  public static void requireCareGiver(Caller c, String action) throws ContractException {
    if (!isCareGiver(c)) {
      throw new ContractException("forbidden", "only a clinician or admin of a member organisation may " + action
          + " (the caller's role is " + c.role() + ")");
    }
  }
}
