package org.medledger.apps.records.node.portal;

import java.time.Clock;
import org.medledger.apps.records.contract.access.HealthRoles;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;

/**
 * What the clinician's pages share: the check that the signed-in member is a clinician, by the
 * certificate the ledger registered for her, valid now under the genesis's organisations (never
 * the session's word alone), and the registration of her pages.
 */
public final class ClinicianPortal {
  final PatientPortal portal;
  final Membership membership;
  final Clock clock;

  public ClinicianPortal(PatientPortal portal, Membership membership, Clock clock) {
    this.portal = portal;
    this.membership = membership;
    this.clock = clock;
  }

  /** Adds the clinician's pages and the navigation to them. */
  public void register(PortalPages ui, ClinicianPatientPage patient, ClinicianReadPages read, ClinicianStorePages store) {
    patient.register(ui);
    read.register(ui);
    store.register(ui);
    ui.navFor("Find a patient", ClinicianPatientPage.PATH, java.util.Set.of(HealthRoles.CLINICIAN));
    ui.navFor("Store a record", ClinicianStorePages.PATH, java.util.Set.of(HealthRoles.CLINICIAN));
  }

  /** The member as a contract caller, once the ledger confirms a clinician's certificate. */
  Caller requireClinician(StateReader state, Identity who) {
    CertificateCheck check = membership.member(state, who.certificateId(), clock.millis());
    if (!(check instanceof CertificateCheck.Valid v) || !HealthRoles.CLINICIAN.equals(v.member().role().wireName())) {
      throw new PortalRefusal(403, "These pages are for clinicians: your certificate (" + who.name() + ", " + who.role()
          + " of " + who.organisation() + ") is not a clinician's.");
    }
    return Membership.caller(v.member());
  }
}
