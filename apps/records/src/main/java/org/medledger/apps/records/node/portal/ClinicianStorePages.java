package org.medledger.apps.records.node.portal;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.LocalPatientIdentifiers;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.apps.records.node.fhir.FhirJson;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.vault.VaultException;

/**
 * A clinician stores a record from her page: the FHIR resource pasted or picked as a file, the
 * patient by pseudonym or by her hospital's local identifier (optionally mapped on the way,
 * {@link LocalPatientIdentifiers}), a category. The node checks it all before anything is signed
 * (HAPI parses the resource, which must name the same patient; the patient is registered for care
 * with the clinician's organisation, whose node this is), her browser signs the
 * {@link StoreRequest} with her key, and the node checks that signature against the certificate
 * the ledger registered for her before the vault stores the exact bytes she signed. Every check
 * runs again on the signed form: nothing the browser sends is trusted for having been shown.
 */
public final class ClinicianStorePages {
  static final String PATH = PatientPortal.ROOT + "/store";
  static final String REVIEW = PATH + "/review";
  private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  static final List<String> CATEGORIES = List.of("lab", "summary", "imaging", "medication", "note", "vital-signs");
  private static final SecureRandom NONCES = new SecureRandom();

  /** The form as typed, and each field's error (field name to message), empty when none. */
  public record Draft(String csrf, String patient, String local, String category, String document, Map<String, String> errors,
      List<String> categories) {
    public String error(String field) {
      return errors.get(field);
    }
  }

  /** The sign step: the checked draft, the statement her key signs and its facts in words. */
  public record Sign(String csrf, String patient, String local, String category, String document, long time, String nonce,
      String statementHex, List<String[]> facts) {}

  /** The outcome: the record stored, the patient it was stored for and the link that reads it. */
  public record Stored(String record, String resourceType, String patient, String local, String readPath, String findPath) {}

  /** A draft that passed every check. */
  private record Checked(Caller who, PatientId patient, String local, String category, String resourceType, byte[] document) {}

  private final ClinicianPortal clinicians;
  private final HealthService health;
  private final RecordVault vault;
  private final LocalPatientIdentifiers locals;

  public ClinicianStorePages(ClinicianPortal clinicians, HealthService health, RecordVault vault, LocalPatientIdentifiers locals) {
    this.clinicians = clinicians;
    this.health = health;
    this.vault = vault;
    this.locals = locals;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::blank);
    ui.form(REVIEW, PortalPages.Access.MEMBER, this::review);
    ui.form(PATH, PortalPages.Access.MEMBER, this::store);
  }

  private PortalPage blank(Context ctx, Optional<Identity> member) {
    Caller who = clinicians.requireClinician(clinicians.portal.ledger.state(), member.orElseThrow());
    requireStorer(who);
    String patient = Optional.ofNullable(ctx.queryParam("patient")).orElse("").strip();
    return draft(new Draft(PortalPages.csrfToken(ctx), patient, "", "lab", "", Map.of(), CATEGORIES));
  }

  /** Step one: the draft checked, then the statement to sign; or the form again with each error by its field. */
  private PortalPage review(Context ctx, Optional<Identity> member) {
    StateReader state = clinicians.portal.ledger.state();
    Caller who = clinicians.requireClinician(state, member.orElseThrow());
    requireStorer(who);
    String document = documentOf(ctx);
    Map<String, String> errors = new TreeMap<>();
    Optional<Checked> checked = check(state, who, ctx.formParam("patient"), ctx.formParam("local"), ctx.formParam("category"),
        document, errors);
    if (checked.isEmpty()) {
      ctx.status(400);
      return draft(new Draft(PortalPages.csrfToken(ctx), text(ctx.formParam("patient")), text(ctx.formParam("local")),
          text(ctx.formParam("category")), document, errors, CATEGORIES));
    }
    Checked c = checked.get();
    byte[] nonce = new byte[Hash.LENGTH];
    NONCES.nextBytes(nonce);
    long time = clinicians.clock.millis();
    StoreRequest request = request(c, time, Hash.of(nonce));
    List<String[]> facts = new java.util.ArrayList<>(List.of(new String[] {"Patient", c.patient().toString()},
        new String[] {"Record", c.resourceType() + ", category " + c.category() + ", " + c.document().length + " bytes"},
        new String[] {"Author", who.name() + " (" + who.role() + ", " + who.organisation() + ")"}));
    if (!c.local().isEmpty()) {
      facts.add(new String[] {"Local identifier kept by " + who.organisation() + "'s node", c.local()});
    }
    return new PortalPage("Sign this record", clinicians.portal.templates.content("records/clinicianStoreSign.jte",
        new Sign(PortalPages.csrfToken(ctx), c.patient().toString(), c.local(), c.category(),
            new String(c.document(), StandardCharsets.UTF_8), time, Hex.encode(nonce), Hex.encode(request.statement()), facts)));
  }

  /** Step two: the signed draft, checked again and against her signature, then stored. */
  private PortalPage store(Context ctx, Optional<Identity> member) {
    StateReader state = clinicians.portal.ledger.state();
    Caller who = clinicians.requireClinician(state, member.orElseThrow());
    requireStorer(who);
    Map<String, String> errors = new TreeMap<>();
    Optional<Checked> checked = check(state, who, ctx.formParam("patient"), ctx.formParam("local"), ctx.formParam("category"),
        text(ctx.formParam("document")), errors);
    if (checked.isEmpty()) {
      throw new IllegalArgumentException("the signed record no longer passes its checks: " + String.join("; ", errors.values())
          + ". Nothing was stored.");
    }
    Checked c = checked.get();
    long time;
    byte[] nonce;
    byte[] signature;
    try {
      time = Long.parseLong(text(ctx.formParam("time")));
      nonce = Hex.decode(text(ctx.formParam("nonce")));
      signature = Hex.decode(text(ctx.formParam("signature")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the signed record is incomplete (time, nonce, signature): " + e.getMessage()
          + ". Nothing was stored.");
    }
    if (nonce.length != Hash.LENGTH || signature.length == 0) {
      throw new IllegalArgumentException("the record needs its 32-byte nonce and your signature: sign it with your key."
          + " Nothing was stored.");
    }
    CryptoSuite suite = clinicians.portal.ledger.genesis().cryptoSuite();
    CertificateCheck check = clinicians.membership.member(state, who.certificateId(), clinicians.clock.millis());
    boolean verifies;
    try {
      verifies = check instanceof CertificateCheck.Valid v
          && suite.signatures().verifier(v.member().publicKey()).verify(request(c, time, Hash.of(nonce)).statement(), signature);
    } catch (RuntimeException e) {
      verifies = false;
    }
    if (!verifies) {
      throw new PortalRefusal(403, "Your signature does not verify for this record with the key of your certificate ("
          + who.name() + "): sign it with your own key, without changing the record. Nothing was stored.");
    }
    Hash record;
    try {
      record = vault.store(who.certificateId(), c.document(), c.patient(), c.resourceType(), c.category()).record();
    } catch (VaultException e) {
      throw new IllegalArgumentException("the vault did not store it: " + e.getMessage() + ". Nothing was stored.");
    }
    if (!c.local().isEmpty()) {
      locals.map(c.local(), c.patient());
    }
    return new PortalPage("Record stored", clinicians.portal.templates.content("records/clinicianStored.jte",
        new Stored(record.hex(), c.resourceType(), c.patient().toString(), c.local(),
            ClinicianReadPages.PATH + "?record=" + record.hex() + "&purpose=TREAT",
            ClinicianPatientPage.PATH + "?patient=" + c.patient())));
  }

  /** Records are stored through the author's own organisation's node, whose vault and custody they join. */
  private void requireStorer(Caller who) {
    if (!health.mayStore(who)) {
      throw new PortalRefusal(403, "Records are stored through your own organisation's node: this node stores for "
          + health.nodeOrganisation() + "'s clinicians, and you are " + who.name() + " of " + who.organisation() + ".");
    }
  }

  /** Every check of a draft; each failure goes into {@code errors} under its field. */
  private Optional<Checked> check(StateReader state, Caller who, String patientText, String localText, String categoryText,
      String document, Map<String, String> errors) {
    String typed = text(patientText);
    String local = text(localText);
    String category = text(categoryText);
    Optional<PatientId> patient = Optional.empty();
    if (typed.isEmpty()) {
      errors.put("patient", "Give the patient's pseudonym or your hospital's local identifier for her.");
    } else if (typed.length() == 64 && typed.matches("[0-9a-fA-F]+")) {
      patient = Optional.of(PatientId.parse(typed.toLowerCase(java.util.Locale.ROOT)));
    } else if (LocalPatientIdentifiers.looksLikeOne(typed)) {
      patient = locals.find(typed);
      if (patient.isEmpty()) {
        errors.put("patient", "No patient has the local identifier '" + typed + "' at " + who.organisation()
            + ": give her pseudonym, and her local identifier below to map it.");
      }
    } else {
      errors.put("patient", "A patient is named by her pseudonym (64 hexadecimal characters) or a local identifier"
          + " (letters, digits, '.', '-', '_', '/'); got '" + typed + "'.");
    }
    if (patient.isPresent()) {
      if (PatientContract.find(state, patient.get()).isEmpty()) {
        errors.put("patient", "No patient " + patient.get() + " is registered on this network.");
        patient = Optional.empty();
      } else if (!health.maySee(state, who, patient.get())) {
        errors.put("patient", "This patient is not registered for care with " + who.organisation()
            + ": a record is stored by an organisation that cares for her.");
        patient = Optional.empty();
      }
    }
    if (!local.isEmpty()) {
      if (!LocalPatientIdentifiers.looksLikeOne(local)) {
        errors.put("local", "A local identifier is 1 to 64 letters, digits, '.', '-', '_' or '/'; got '" + local + "'.");
      } else if (patient.isPresent() && locals.find(local).isPresent() && !locals.find(local).get().equals(patient.get())) {
        errors.put("local", "The local identifier '" + local + "' already belongs to another patient: check it.");
      }
    }
    if (!CATEGORY.matcher(category).matches()) {
      errors.put("category", "A category is 1 to 32 lower-case letters, digits or '-', such as lab or summary.");
    }
    String resourceType = null;
    byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
    if (document.isBlank()) {
      errors.put("document", "Paste the record's FHIR JSON, or pick its file.");
    } else {
      try {
        IBaseResource parsed = FhirJson.parse(bytes);
        resourceType = parsed.fhirType();
        String subject = subjectOf(bytes);
        if (subject == null) {
          errors.put("document", "The " + resourceType + " names no patient: its subject (or patient) must reference"
              + " Patient/<pseudonym>.");
        } else if (patient.isPresent() && !subject.equals("Patient/" + patient.get())) {
          errors.put("document", "The " + resourceType + " is about " + subject + ", not the patient named above.");
        }
      } catch (FhirJson.InvalidFhirException e) {
        errors.put("document", "This is not a FHIR R4 resource in JSON: " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Checked(who, patient.orElseThrow(), local, category, resourceType, bytes));
  }

  private StoreRequest request(Checked c, long time, Hash nonce) {
    CryptoSuite suite = clinicians.portal.ledger.genesis().cryptoSuite();
    return new StoreRequest(clinicians.portal.ledger.genesis().signingChainId(), c.who().certificateId(), c.patient(),
        c.resourceType(), c.category(), Hash.of(suite.hash().hash(c.document())), time, nonce);
  }

  private static String subjectOf(byte[] json) {
    try {
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      String ref = node.path("subject").path("reference").asText(node.path("patient").path("reference").asText(""));
      return ref.isEmpty() ? null : ref;
    } catch (IOException e) {
      return null;
    }
  }

  /** The pasted JSON, or the picked file's when one was picked (it wins: it is what she chose last). */
  private static String documentOf(Context ctx) {
    UploadedFile file = ctx.uploadedFile("document-file");
    if (file != null && file.size() > 0) {
      try (InputStream in = file.content()) {
        return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("the picked file could not be read: " + e.getMessage());
      }
    }
    return text(ctx.formParam("document"));
  }

  private static String text(String s) {
    return s == null ? "" : s.strip();
  }

  private PortalPage draft(Draft d) {
    return new PortalPage("Store a record", clinicians.portal.templates.content("records/clinicianStore.jte", d));
  }
}
