package org.medledger.apps.records.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;
import org.medledger.apps.records.node.fhir.FhirJson;
import org.medledger.apps.records.node.fhir.FhirViews;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.auth.Identity;
import org.medledger.apps.records.node.HealthService;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.vault.VaultException;
import org.medledger.apps.records.node.RecordVault;

/**
 * The FHIR R4 RESTful façade at {@code /fhir}, with the same bearer tokens as {@code /v1}:
 * {@code POST /fhir/{type}} stores a resource through the vault (HAPI checks it first); {@code GET
 * /fhir/{type}/{id}} reads one through the policy point and the audit; {@code Consent},
 * {@code AuditEvent}, {@code DocumentReference} and {@code Provenance} are the ledger's own records
 * as FHIR, searchable by {@code patient} (and {@code date} for AuditEvent) into {@code searchset}
 * Bundles. Without {@code patient}, a search covers the patients whose metadata the caller may
 * see; a regulator sees metadata and audit, never content. Errors are OperationOutcomes.
 */
public final class FhirRoutes {
  static final String FHIR_JSON = "application/fhir+json";
  private static final Set<String> LEDGER_TYPES = Set.of("Consent", "AuditEvent", "DocumentReference", "Provenance");
  private final Ledger ledger;
  private final HealthService health;
  private final RecordVault vault;
  private final java.util.function.Function<Context, Identity> identity;
  /** A content read is served only once its access event is committed. */
  private final AuditGate audits;

  public FhirRoutes(Ledger ledger, HealthService health, RecordVault vault, AuditGate audits) {
    this.audits = audits;
    this.ledger = ledger;
    this.health = health;
    this.vault = vault;
    this.identity = Requests::identity;
  }

  /**
   * Every stored resource type is served (an Observation, a Binary, ...), and created through the
   * vault, besides the ledger's own types: the façade's routes are this application's.
   */
  public void register(ApiRoutes routes) {
    routes.post("/fhir/{type}", org.medledger.node.application.BodyLimit.DOCUMENT, this::create);
    routes.get("/fhir/{type}", this::search);
    routes.get("/fhir/{type}/{id}", this::read);
  }

  private static Caller caller(Identity who) {
    return new Caller(who.certificateId(), who.organisation(), who.role(), who.name());
  }

  private String base(Context ctx) {
    return ctx.scheme() + "://" + ctx.host() + "/fhir";
  }

  private static void send(Context ctx, int status, IBaseResource r) {
    ctx.status(status).contentType(FHIR_JSON).result(FhirJson.write(r));
  }

  private static void problem(Context ctx, int status, OperationOutcome.IssueType type, String message) {
    send(ctx, status, FhirViews.problem(type, message));
  }

  private void create(Context ctx) {
    Identity who = identity.apply(ctx);
    String type = ctx.pathParam("type");
    if (LEDGER_TYPES.contains(type)) {
      problem(ctx, 405, OperationOutcome.IssueType.NOTSUPPORTED, type + " resources are the ledger's own records: create them"
          + " with ledger transactions (consent.grant, records.register), not here");
      return;
    }
    byte[] body = ctx.bodyAsBytes();
    IBaseResource parsed;
    try {
      parsed = FhirJson.parse(body);
    } catch (FhirJson.InvalidFhirException e) {
      problem(ctx, 400, OperationOutcome.IssueType.INVALID, e.getMessage());
      return;
    }
    if (!parsed.fhirType().equals(type)) {
      problem(ctx, 400, OperationOutcome.IssueType.INVALID, "the body is a " + parsed.fhirType() + ", posted to /fhir/" + type);
      return;
    }
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(body);
    } catch (java.io.IOException e) {
      problem(ctx, 400, OperationOutcome.IssueType.INVALID, e.getMessage());
      return;
    }
    String ref = json.path("subject").path("reference").asText(json.path("patient").path("reference").asText(""));
    if (!ref.startsWith("Patient/")) {
      problem(ctx, 400, OperationOutcome.IssueType.REQUIRED, "the resource names no patient: subject or patient must reference Patient/<patient id>");
      return;
    }
    PatientId patient;
    try {
      patient = PatientId.parse(ref.substring("Patient/".length()));
    } catch (IllegalArgumentException e) {
      problem(ctx, 400, OperationOutcome.IssueType.INVALID, "Patient reference: " + e.getMessage());
      return;
    }
    String category = ctx.queryParam("category");
    if (category == null) {
      String code = json.path("category").path(0).path("coding").path(0).path("code").asText("");
      category = (code.isEmpty() ? type : code).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
      category = category.length() > 32 ? category.substring(0, 32) : category;
    }
    if (!health.mayStore(caller(who))) {
      problem(ctx, 403, OperationOutcome.IssueType.FORBIDDEN, "records are stored through their custodian's node by its clinicians or admins");
      return;
    }
    try {
      var stored = vault.store(who.certificateId(), body, patient, type, category);
      ctx.header("Location", base(ctx) + "/" + type + "/" + stored.record().hex());
      ((Resource) parsed).setId(stored.record().hex());
      send(ctx, 201, parsed);
    } catch (VaultException e) {
      problem(ctx, e.code().equals("unknown_patient") ? 404 : 422, OperationOutcome.IssueType.PROCESSING, e.getMessage());
    }
  }

  private void read(Context ctx) {
    Identity who = identity.apply(ctx);
    String type = ctx.pathParam("type");
    String id = ctx.pathParam("id");
    Hash hash;
    try {
      hash = Hash.fromHex(id);
    } catch (IllegalArgumentException e) {
      problem(ctx, 404, OperationOutcome.IssueType.NOTFOUND, "no " + type + "/" + id);
      return;
    }
    var state = ledger.state();
    if (type.equals("Consent")) {
      Optional<ConsentRecord> c = ConsentContract.find(state, hash);
      if (c.isPresent() && health.maySee(state, caller(who), c.get().grant().patient())) {
        send(ctx, 200, FhirViews.consent(c.get(), System.currentTimeMillis()));
      } else {
        problem(ctx, 404, OperationOutcome.IssueType.NOTFOUND, "no Consent/" + id + " that you may see");
      }
      return;
    }
    if (type.equals("DocumentReference") || type.equals("Provenance")) {
      Optional<HealthRecordEntry> e = RecordContract.find(state, hash);
      if (e.isPresent() && health.maySee(state, caller(who), e.get().patient())) {
        send(ctx, 200, type.equals("Provenance") ? FhirViews.provenance(e.get())
            : FhirViews.documentReference(e.get(), contentUrl(ctx, e.get())));
      } else {
        problem(ctx, 404, OperationOutcome.IssueType.NOTFOUND, "no " + type + "/" + id + " that you may see");
      }
      return;
    }
    if (type.equals("AuditEvent")) {
      problem(ctx, 404, OperationOutcome.IssueType.NOTSUPPORTED, "AuditEvents are searched: GET /fhir/AuditEvent?patient=…");
      return;
    }
    PurposeOfUse purpose;
    try {
      purpose = PurposeOfUse.parse(Optional.ofNullable(ctx.queryParam("purpose")).orElse("TREAT"));
    } catch (IllegalArgumentException e) {
      problem(ctx, 400, OperationOutcome.IssueType.INVALID, e.getMessage());
      return;
    }
    org.medledger.apps.records.node.HealthService.Read r;
    try {
      r = health.read(caller(who), hash, purpose, ctx.queryParam("reason"), org.medledger.apps.records.node.HealthService.requestHeader(
          ctx.header(org.medledger.apps.records.contract.audit.SignedReadRequest.HEADER)));
    } catch (org.medledger.apps.records.node.ReadRequestException e) {
      problem(ctx, 400, OperationOutcome.IssueType.REQUIRED, e.code() + ": " + e.getMessage());
      return;
    } catch (org.medledger.node.auth.AuthException e) {
      problem(ctx, 403, OperationOutcome.IssueType.FORBIDDEN, e.getMessage());
      return;
    }
    try {
      audits.awaitCommitted(r);
    } catch (ApiError e) {
      problem(ctx, 503, OperationOutcome.IssueType.TRANSIENT, e.getMessage());
      return;
    }
    if (!r.decision().served()) {
      boolean erased = r.decision().reason().contains("erased");
      boolean unknown = r.audit().isEmpty();
      problem(ctx, unknown ? 404 : erased ? 410 : 403, unknown ? OperationOutcome.IssueType.NOTFOUND
          : OperationOutcome.IssueType.FORBIDDEN, r.decision().reason());
      return;
    }
    if (!r.record().orElseThrow().resourceType().equals(type)) {
      problem(ctx, 404, OperationOutcome.IssueType.NOTFOUND, "record " + id + " is a " + r.record().get().resourceType() + ", not a " + type);
      return;
    }
    try {
      ctx.status(200).contentType(type.equals("Binary") ? "application/octet-stream" : FHIR_JSON).result(vault.fetch(hash, 10_000));
    } catch (VaultException e) {
      problem(ctx, e.code().equals("erased") ? 410 : 503, OperationOutcome.IssueType.PROCESSING, e.getMessage());
    }
  }

  private String contentUrl(Context ctx, HealthRecordEntry e) {
    return "Binary".equals(e.resourceType()) ? ctx.scheme() + "://" + ctx.host() + "/v1/records/" + e.recordHash().hex() + "/content"
        : base(ctx) + "/" + e.resourceType() + "/" + e.recordHash().hex();
  }

  private void search(Context ctx) {
    Identity who = identity.apply(ctx);
    String type = ctx.pathParam("type");
    if (!LEDGER_TYPES.contains(type)) {
      problem(ctx, 400, OperationOutcome.IssueType.NOTSUPPORTED, "search is supported for Consent, AuditEvent, DocumentReference and Provenance");
      return;
    }
    var state = ledger.state();
    List<PatientId> patients;
    String p = ctx.queryParam("patient");
    if (p != null) {
      PatientId id;
      try {
        id = PatientId.parse(p.startsWith("Patient/") ? p.substring(8) : p);
      } catch (IllegalArgumentException e) {
        problem(ctx, 400, OperationOutcome.IssueType.INVALID, "patient: " + e.getMessage());
        return;
      }
      // A patient the caller may not see gives an empty Bundle, as one that does not exist does.
      patients = health.maySee(state, caller(who), id) ? List.of(id) : List.of();
    } else {
      patients = health.visiblePatients(caller(who));
    }
    long[] range;
    try {
      range = dateRange(ctx.queryParams("date"));
    } catch (IllegalArgumentException e) {
      problem(ctx, 400, OperationOutcome.IssueType.INVALID, e.getMessage());
      return;
    }
    long now = System.currentTimeMillis();
    List<Resource> out = new ArrayList<>();
    for (PatientId id : patients) {
      switch (type) {
        case "Consent" -> ConsentContract.ofPatient(state, id).forEach(c -> out.add(FhirViews.consent(c, now)));
        case "DocumentReference" -> RecordContract.ofPatient(state, id).forEach(e -> out.add(FhirViews.documentReference(e, contentUrl(ctx, e))));
        case "Provenance" -> RecordContract.ofPatient(state, id).forEach(e -> out.add(FhirViews.provenance(e)));
        default -> AuditContract.visit(state, id, (eid, e) -> {
          if (e.time() >= range[0] && e.time() < range[1]) {
            out.add(FhirViews.auditEvent(e, eid));
          }
        });
      }
    }
    send(ctx, 200, FhirViews.searchset(out, base(ctx)));
  }

  /** FHIR date search: {@code [ge|gt|le|lt|eq]YYYY-MM-DD}, repeatable; returns [from, until) in ms. */
  static long[] dateRange(List<String> params) {
    long from = Long.MIN_VALUE;
    long until = Long.MAX_VALUE;
    for (String d : params) {
      String prefix = d.length() > 2 && Character.isLetter(d.charAt(0)) ? d.substring(0, 2) : "eq";
      String value = prefix.equals("eq") && !d.startsWith("eq") ? d : d.substring(2);
      long start;
      try {
        start = LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("date '" + d + "' must be [ge|gt|le|lt|eq]YYYY-MM-DD");
      }
      long end = start + 86_400_000L;
      switch (prefix) {
        case "ge" -> from = Math.max(from, start);
        case "gt" -> from = Math.max(from, end);
        case "le" -> until = Math.min(until, end);
        case "lt" -> until = Math.min(until, start);
        case "eq" -> {
          from = Math.max(from, start);
          until = Math.min(until, end);
        }
        default -> throw new IllegalArgumentException("date prefix '" + prefix + "' is not one of ge, gt, le, lt, eq");
      }
    }
    return new long[] {from, until};
  }
}
