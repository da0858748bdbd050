package org.medledger.apps.records.node.portal;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.LocalPatientIdentifiers;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;

/**
 * "Find a patient": a clinician types a patient's pseudonym (or her hospital's local identifier for
 * the patient, {@link LocalPatientIdentifiers}) and sees what she may read of that
 * patient's records and why: her organisation's custody, or the consents that name her or her
 * organisation (their purposes, records and period). Only consents naming her are shown, never
 * the patient's others, and a pseudonym that is unknown reads the same as one she may see
 * nothing of.
 */
public final class ClinicianPatientPage {
  static final String PATH = PatientPortal.ROOT + "/patient";

  /** A record she may read, and on what grounds. */
  public record RecordRow(String record, String type, String category, String custodian, String date, String allowed,
      String readPath) {}

  /** A consent that names her or her organisation. */
  public record ConsentRow(String id, String grantee, String records, String purposes, String period, String state) {}

  /** The page's content: the search as typed, its error, and what was found. */
  public record View(String patient, String error, boolean searched, boolean found, boolean custodian,
      List<ConsentRow> consents, List<RecordRow> records, String mapping) {
    View(String patient, String error, boolean searched, boolean found, boolean custodian, List<ConsentRow> consents,
        List<RecordRow> records) {
      this(patient, error, searched, found, custodian, consents, records, null);
    }

    /** The same view saying which pseudonym a local identifier led to. */
    View mappedFrom(String local, PatientId pseudonym) {
      return local.isEmpty() ? this : new View(patient, error, searched, found, custodian, consents, records,
          "Local identifier " + local + " is patient " + pseudonym + ".");
    }
  }

  private final ClinicianPortal clinicians;
  private final HealthService health;
  private final LocalPatientIdentifiers locals;

  public ClinicianPatientPage(ClinicianPortal clinicians, HealthService health, LocalPatientIdentifiers locals) {
    this.clinicians = clinicians;
    this.health = health;
    this.locals = locals;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    StateReader state = clinicians.portal.ledger.state();
    Caller who = clinicians.requireClinician(state, member.orElseThrow());
    String typed = Optional.ofNullable(ctx.queryParam("patient")).orElse("").strip();
    if (typed.isEmpty()) {
      return page(new View("", null, false, false, false, List.of(), List.of()));
    }
    PatientId patient;
    String local = "";
    if (typed.length() != 64 && LocalPatientIdentifiers.looksLikeOne(typed)) {
      // A local identifier is her organisation's: only its own clinicians, on its own node, look one up.
      Optional<PatientId> mapped = health.mayStore(who) ? locals.find(typed) : Optional.empty();
      if (mapped.isEmpty()) {
        ctx.status(404);
        return page(new View(typed, health.mayStore(who)
            ? "No patient has the local identifier '" + typed + "' at " + who.organisation() + ": a local identifier is"
                + " mapped when a record is stored with it. Search by her pseudonym otherwise."
            : "Local identifiers on this node are " + health.nodeOrganisation() + "'s, for its own clinicians: search by the"
                + " patient's pseudonym.", true, false, false, List.of(), List.of()));
      }
      patient = mapped.get();
      local = typed;
    } else {
      try {
        patient = PatientId.parse(typed);
      } catch (IllegalArgumentException e) {
        ctx.status(400);
        return page(new View(typed, "A patient's pseudonym is 64 hexadecimal characters, or give your hospital's local"
            + " identifier: " + e.getMessage(), true, false, false, List.of(), List.of()));
      }
    }
    long now = clinicians.clock.millis();
    boolean custodian = PatientContract.find(state, patient).isPresent() && health.maySee(state, who, patient);
    List<ConsentRow> consents = new ArrayList<>();
    List<ConsentRecord> inForce = new ArrayList<>();
    if (PatientContract.find(state, patient).isPresent()) {
      for (ConsentRecord c : ConsentContract.ofPatient(state, patient)) {
        if (!c.grant().grantee().covers(who)) {
          continue;
        }
        boolean live = ConsentContract.inForce(state, c, now);
        if (live) {
          inForce.add(c);
        }
        consents.add(new ConsentRow(c.id().hex(), c.grant().grantee().toString(), recordsOf(c), purposes(c.grant().purposes()),
            PatientPortal.day(c.grant().start()) + " to " + PatientPortal.day(c.grant().end() - 1),
            live ? "in force" : c.revoked() ? "revoked" : "not in force now"));
      }
    }
    List<RecordRow> records = new ArrayList<>();
    if (custodian || !inForce.isEmpty()) {
      for (HealthRecordEntry r : RecordContract.ofPatient(state, patient)) {
        if (r.erased()) {
          continue;
        }
        TreeSet<PurposeOfUse> allowed = new TreeSet<>();
        inForce.stream().filter(c -> c.grant().covers(r.category(), r.recordHash())).forEach(c -> allowed.addAll(c.grant().purposes()));
        boolean own = r.custodian().equals(who.organisation()) && custodian;
        if (!own && allowed.isEmpty()) {
          continue;
        }
        String grounds = (own ? "your organisation keeps it (any purpose)" : "")
            + (!allowed.isEmpty() ? (own ? "; " : "") + "consent for " + purposes(allowed) : "");
        String purpose = own || allowed.contains(PurposeOfUse.TREAT) ? "TREAT" : allowed.first().name();
        records.add(new RecordRow(r.recordHash().hex(), r.resourceType(), r.category(), r.custodian(),
            PatientPortal.day(r.timestamp()), grounds, ClinicianReadPages.PATH + "?record=" + r.recordHash().hex() + "&purpose=" + purpose));
      }
    }
    boolean found = custodian || !consents.isEmpty();
    return page(new View(local.isEmpty() ? patient.toString() : local, null, true, found, custodian,
        found ? consents : List.of(), records).mappedFrom(local, patient));
  }

  private PortalPage page(View view) {
    return new PortalPage("Find a patient", clinicians.portal.templates.content("records/clinicianPatient.jte", view));
  }

  private static String recordsOf(ConsentRecord c) {
    List<String> parts = new ArrayList<>();
    if (!c.grant().categories().isEmpty()) {
      parts.add("categories: " + String.join(", ", c.grant().categories()));
    }
    if (!c.grant().records().isEmpty()) {
      parts.add(c.grant().records().size() + " named record(s)");
    }
    return String.join("; ", parts);
  }

  private static String purposes(java.util.Collection<PurposeOfUse> ps) {
    return String.join(", ", ps.stream().map(Enum::name).toList());
  }
}
