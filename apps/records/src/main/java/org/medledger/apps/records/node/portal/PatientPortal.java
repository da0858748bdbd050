package org.medledger.apps.records.node.portal;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.node.HealthService;
import org.medledger.core.runtime.Caller;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ui.Templates;

/**
 * The patient's pages of the portal, contributed by the records application: her records (with a
 * report to download and its QR), her consents (granted and revoked with a signature her browser
 * makes), who read her data, and a receipt behind every item that her browser verifies. Who she is
 * comes from her certificate as the ledger registered it, never from the request: a page naming
 * another patient is refused as if there were none.
 */
public final class PatientPortal {
  static final String ROOT = "/ui/records";
  static final String JTE_PACKAGE = "org.medledger.apps.records.node.jte";
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  final Ledger ledger;
  final HealthService health;
  final Templates templates = Templates.precompiled(PatientPortal.class, JTE_PACKAGE);

  public PatientPortal(Ledger ledger, HealthService health) {
    this.ledger = ledger;
    this.health = health;
  }

  /** Adds every patient page, form and download, and the navigation to them. */
  public void register(PortalPages ui, PatientRecordsPage records, ConsentPages consents, AccessHistoryPage access,
      PatientReceipts receipts) {
    records.register(ui);
    consents.register(ui);
    access.register(ui);
    receipts.register(ui);
    ui.navFor("My records", PatientRecordsPage.PATH, java.util.Set.of("patient"));
    ui.navFor("My consents", ConsentPages.PATH, java.util.Set.of("patient"));
    ui.navFor("Who read my data", AccessHistoryPage.PATH, java.util.Set.of("patient"));
  }

  /** Adds the regulator's access audit across institutions and its entry in the navigation. */
  public void registerRegulator(PortalPages ui, RegulatorAuditPage audit) {
    audit.register(ui);
    ui.navFor("Access audit", RegulatorAuditPage.PATH, java.util.Set.of("regulator"));
  }

  static Caller caller(Identity who) {
    return new Caller(who.certificateId(), who.organisation(), who.role(), who.name());
  }

  /**
   * The signed-in member's own patient id. A member who is no registered patient is refused, and
   * so is a {@code patient} parameter naming anyone but her (or her linked identities): with the
   * same words whether that patient exists or not.
   */
  PatientId patientOf(Context ctx, Optional<Identity> member) {
    Identity who = member.orElseThrow();
    Optional<PatientId> own = health.patientIdOf(ledger.state(), caller(who));
    if (own.isEmpty()) {
      throw new PortalRefusal(403, "These pages are for patients: your certificate (" + who.name() + ", " + who.role()
          + ") is not a registered patient's.");
    }
    String named = ctx.queryParam("patient");
    if (named != null && !named.isBlank()) {
      PatientId asked;
      try {
        asked = PatientId.parse(named.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'patient' is not a patient id: " + e.getMessage());
      }
      if (!PatientContract.samePerson(ledger.state(), own.get(), asked)) {
        throw new PortalRefusal(403, "You can see only your own records, consents and access history here.");
      }
    }
    return own.get();
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  static String day(long millis) {
    return DAY.format(Instant.ofEpochMilli(millis));
  }
}
