package org.medledger.apps.care.node;

import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.records.contract.access.HealthRoles;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;

/**
 * Whom a patient's share of one milestone with an organisation serves: the members who read on
 * that organisation's behalf (a hospital's clinicians, an insurer's assessors, a sponsor's
 * researchers), never its admins nor its patient members. A milestone's type, hospital and date
 * are clinical facts (she was discharged, on that day, from there), so the share is read as
 * records reads a consent naming an organisation ({@code Grantee#servesContentTo}): the patient
 * let the organisation's people who need the fact see it, not its registration office
 * (docs/security.md, "Least privilege"). A patient member of that organisation acts for herself,
 * never for it. The admin is shown nothing of it, the share's own entry included: registering and
 * managing patients needs no one's shared milestone.
 */
final class ShareReaders {
  private ShareReaders() {}

  /** Whether the viewer reads shares given to her organisation at all, whatever they name. */
  static boolean readsForHerOrganisation(Caller viewer) {
    return HealthRoles.readsForItsOrganisation(viewer);
  }

  /** Whether a share of {@code milestone} with the viewer's organisation, in force at {@code blockTime}, serves her. */
  static boolean served(StateReader state, Caller viewer, Hash milestone, long blockTime) {
    return readsForHerOrganisation(viewer) && CareContract.sharedWith(state, milestone, viewer.organisation(), blockTime);
  }
}
