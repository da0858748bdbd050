package org.medledger.apps.records.node.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.function.Supplier;
import org.medledger.apps.records.node.DownloadLinks;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.ReadRequestException;
import org.medledger.apps.records.node.fhir.FhirJson;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.CertificateAuthenticator;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.apps.records.node.RecordVault;

/**
 * The health-record routes under {@code /v1}: a record read through the policy point (its
 * metadata and wrapped key, or its content), a record stored through the vault, a patient's
 * download link to her own record and the public download it opens, and a patient's view. Every
 * read is decided on the ledger and its access event committed before anything is served.
 */
public final class RecordsRoutes {
  private final Ledger ledger;
  private final HealthService health;
  private final RecordVault vault;
  private final DownloadLinks links;
  private final CertificateAuthenticator standing;
  private final AuditGate auditGate;
  private final String nodeOrganisation;
  /** The node's configured public address: a download link never points where a request's Host says. */
  private final Supplier<String> publicApiBase;

  public RecordsRoutes(Ledger ledger, HealthService health, RecordVault vault, DownloadLinks links,
      CertificateAuthenticator standing, AuditGate auditGate, String nodeOrganisation, Supplier<String> publicApiBase) {
    this.ledger = ledger;
    this.health = health;
    this.vault = vault;
    this.links = links;
    this.standing = standing;
    this.auditGate = auditGate;
    this.nodeOrganisation = nodeOrganisation;
    this.publicApiBase = publicApiBase;
  }

  public void register(ApiRoutes routes) {
    // Every route here serves a patient's records: each refusal is filed in the node's refusal log.
    ApiRoutes healthData = routes.servingHealthData();
    healthData.get("/v1/records/{hash}", this::readRecord);
    // A record upload: the document class (the vault's largest record) and no more.
    healthData.post("/v1/records", BodyLimit.DOCUMENT, this::storeRecord);
    healthData.get("/v1/records/{hash}/content", this::recordContent);
    healthData.post("/v1/records/{hash}/download-link", this::issueDownloadLink);
    // A download link carries its own signature and expiry: a phone scanning it has no token.
    healthData.publicGet("/v1/download/{token}", this::download);
    healthData.get("/v1/patients/{id}", this::patientView);
    routes.openApi("openapi/records.json");
  }

  /**
   * A read of a health record through the policy point: {@code purpose} (an HL7 PurposeOfUse code,
   * TREAT by default) and, to break the glass, {@code reason}. Served: the record's metadata and its
   * data key wrapped for the reader; refused: 403 with the reason. Either way the access event is
   * logged, and nothing is served until it was committed.
   */
  private void readRecord(Context ctx) {
    var read = decide(ctx);
    String auditTx = awaitAudit(read);
    var d = read.decision();
    if (!d.served()) {
      if (read.record().isEmpty() && read.audit().isEmpty()) {
        throw ApiError.notFound(d.reason());
      }
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("error", d.reason().contains("erased") ? "erased" : "refused");
      m.put("message", d.reason());
      m.put("auditTx", auditTx);
      ctx.status(403).json(m);
      return;
    }
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("outcome", "served");
    m.put("basis", d.basis().wireName());
    m.put("consent", d.consent().equals(Hash.ZERO) ? null : d.consent().hex());
    m.put("reason", d.reason());
    m.put("record", read.record().orElseThrow().toMap());
    m.put("wrappedKey", read.wrappedKey().orElse(null));
    m.put("auditTx", auditTx);
    m.put("decisionMicros", read.decisionNanos() / 1000);
    ctx.json(m);
  }

  /**
   * Stores a record through the vault: the body is the document (FHIR JSON with {@code
   * Content-Type: application/fhir+json}, or any bytes such as a PDF); {@code patient} and {@code
   * category} are required, {@code resourceType} comes from FHIR JSON or defaults to Binary.
   */
  private void storeRecord(Context ctx) {
    Identity who = Requests.identity(ctx);
    if (!who.organisation().equals(nodeOrganisation) || !who.hasRole("admin", "clinician")) {
      throw AuthException.forbidden("records are stored through their custodian's node by its clinicians or admins");
    }
    String patient = ctx.queryParam("patient");
    String category = ctx.queryParam("category");
    if (patient == null || category == null) {
      throw ApiError.badRequest("query parameters 'patient' (patient id) and 'category' (e.g. laboratory) are required");
    }
    org.medledger.apps.records.contract.patient.PatientId pid;
    try {
      pid = org.medledger.apps.records.contract.patient.PatientId.parse(patient);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("patient: " + e.getMessage());
    }
    // The body's size is the route's (BodyLimit.DOCUMENT, the vault's largest record): refused, 413, before it is read.
    byte[] body = ctx.bodyAsBytes();
    String type = ctx.queryParam("resourceType");
    String contentType = String.valueOf(ctx.contentType());
    if (contentType.startsWith("application/fhir+json") || contentType.startsWith("application/json")) {
      String declared = fhirResourceType(body);
      if (type != null && !type.equals(declared)) {
        throw ApiError.badRequest("resourceType '" + type + "' does not match the document's '" + declared + "'");
      }
      type = declared;
    }
    if (type == null) {
      type = "Binary";
    }
    try {
      var s = vault.store(who.certificateId(), body, pid, type, category);
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("record", s.record().hex());
      m.put("txId", s.txId().hex());
      m.put("height", s.height());
      m.put("resourceType", type);
      m.put("dataShards", s.dataShards());
      m.put("holders", s.holders());
      m.put("failed", s.failed());
      m.put("placement", s.placements().stream().map(org.medledger.node.vault.ShardPlaced::view).toList());
      m.put("placedShards", s.placements().stream().filter(p -> p.status() != org.medledger.node.vault.ShardPlaced.Status.FAILED).count());
      ctx.status(201).json(m);
    } catch (org.medledger.node.vault.VaultException e) {
      throw vaultError(e);
    }
  }

  /** HAPI FHIR checks the document (strictly); its message names what is wrong. */
  private static String fhirResourceType(byte[] body) {
    try {
      return FhirJson.parse(body).fhirType();
    } catch (FhirJson.InvalidFhirException e) {
      throw ApiError.badRequest("invalid FHIR R4 JSON: " + e.getMessage());
    }
  }

  private static ApiError vaultError(org.medledger.node.vault.VaultException e) {
    int status = switch (e.code()) {
      case "unknown_patient", "unknown_record" -> 404;
      case "erased" -> 410;
      case "no_key" -> 409;
      case "unavailable" -> 503;
      case "invalid_argument" -> 400;
      // the author's credential does not let her author records (issue 16): not hers to store
      default -> e.code().startsWith("credential_") ? 403 : 422;
    };
    return new ApiError(status, e.code(), e.getMessage());
  }

  /** The policy point's decision on the request's record, {@code purpose} (TREAT by default) and {@code reason}, its event logged. */
  private HealthService.Read decide(Context ctx) {
    Identity who = Requests.identity(ctx);
    Hash record = Requests.parseHash(ctx.pathParam("hash"), "record hash");
    org.medledger.apps.records.contract.consent.PurposeOfUse purpose;
    try {
      purpose = org.medledger.apps.records.contract.consent.PurposeOfUse.parse(java.util.Objects.requireNonNullElse(ctx.queryParam("purpose"), "TREAT"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    try {
      return health.read(new org.medledger.core.runtime.Caller(who.certificateId(), who.organisation(), who.role(), who.name()),
          record, purpose, ctx.queryParam("reason"),
          HealthService.requestHeader(ctx.header(org.medledger.apps.records.contract.audit.SignedReadRequest.HEADER)));
    } catch (ReadRequestException e) {
      throw new ApiError(400, e.code(), e.getMessage());
    }
  }

  /** The record's content, after the same decision and audit as {@link #readRecord}. */
  private void recordContent(Context ctx) {
    var read = decide(ctx);
    Hash record = Requests.parseHash(ctx.pathParam("hash"), "record hash");
    awaitAudit(read);
    var d = read.decision();
    if (!d.served()) {
      if (read.audit().isEmpty()) {
        throw ApiError.notFound(d.reason());
      }
      throw new ApiError(d.reason().contains("erased") ? 410 : 403, d.reason().contains("erased") ? "erased" : "refused", d.reason());
    }
    byte[] content;
    try {
      // A first read under a consent or by breaking the glass: the custodian wraps the key once the access is committed.
      content = vault.fetch(record, 10_000);
    } catch (org.medledger.node.vault.VaultException e) {
      throw vaultError(e);
    }
    String type = read.record().orElseThrow().resourceType();
    ctx.header("X-MedLedger-Basis", d.basis().wireName());
    ctx.contentType(type.equals("Binary") ? "application/octet-stream" : "application/fhir+json").result(content);
  }

  /** The read's access event, committed (not only admitted) before anything is served: {@link AuditGate}. */
  private String awaitAudit(HealthService.Read read) {
    return auditGate.awaitCommitted(read);
  }

  /** A patient's signed, expiring link to one of their own records ({@code ttl} seconds, default 600). */
  private void issueDownloadLink(Context ctx) {
    Identity who = Requests.identity(ctx);
    Hash record = Requests.parseHash(ctx.pathParam("hash"), "record hash");
    long ttl = ctx.queryParam("ttl") == null ? 600 : Requests.parseLong(ctx.queryParam("ttl"), "ttl");
    var caller = new org.medledger.core.runtime.Caller(who.certificateId(), who.organisation(), who.role(), who.name());
    var own = health.patientIdOf(ledger.state(), caller);
    var entry = org.medledger.apps.records.contract.record.RecordContract.find(ledger.state(), record);
    if (own.isEmpty() || entry.isEmpty()
        || !org.medledger.apps.records.contract.patient.PatientContract.samePerson(ledger.state(), own.get(), entry.get().patient())) {
      // The same answer for someone else's record and for none, so it reveals nothing.
      throw ApiError.notFound("no record " + record + " of yours");
    }
    String token;
    try {
      token = links.issue(record, caller, ttl * 1000);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    // Never the request's Host header: whoever sets it would point the patient's QR code at
    // their own server, which then holds her link. The node's configured public address instead.
    m.put("url", publicApiBase.get() + "/v1/download/" + token);
    m.put("expiresAt", links.verify(token).expiresAt());
    ctx.status(201).json(m);
  }

  /** Public: a download link's record, decided and audited as a read by the patient it was issued to. */
  private void download(Context ctx) {
    DownloadLinks.Link link;
    try {
      link = links.verify(ctx.pathParam("token"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(403, "invalid_link", e.getMessage());
    }
    try {
      standing.requireStanding(new Identity(link.holder().certificateId(), link.holder().organisation(), link.holder().role(),
          link.holder().name()));
    } catch (AuthException e) {
      throw new ApiError(403, "invalid_link", "the link's holder no longer stands: " + e.getMessage());
    }
    HealthService.Read read;
    try {
      // The patient's own link, issued to her by this node: her read needs no signed request (and shares no key).
      read = health.read(link.holder(), link.record(), org.medledger.apps.records.contract.consent.PurposeOfUse.PATRQT, null, java.util.Optional.empty());
    } catch (ReadRequestException e) {
      throw new ApiError(403, "invalid_link", e.getMessage());
    }
    awaitAudit(read);
    if (!read.decision().served()) {
      boolean erased = read.decision().reason().contains("erased");
      throw new ApiError(erased ? 410 : 403, erased ? "erased" : "refused", read.decision().reason());
    }
    byte[] content;
    try {
      content = vault.fetch(link.record(), 10_000);
    } catch (org.medledger.node.vault.VaultException e) {
      throw vaultError(e);
    }
    String type = read.record().orElseThrow().resourceType();
    ctx.header("Content-Disposition", "attachment; filename=\"" + link.record().hex().substring(0, 16)
        + (type.equals("Binary") ? ".bin" : ".json") + "\"");
    ctx.contentType(type.equals("Binary") ? "application/octet-stream" : "application/fhir+json").result(content);
  }

  private void patientView(Context ctx) {
    Identity who = Requests.identity(ctx);
    org.medledger.apps.records.contract.patient.PatientId id;
    try {
      id = org.medledger.apps.records.contract.patient.PatientId.parse(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    // Not registered and not allowed read alike, so the answer says nothing about other patients.
    var view = health.view(new org.medledger.core.runtime.Caller(who.certificateId(), who.organisation(), who.role(), who.name()), id)
        .orElseThrow(() -> ApiError.notFound("no patient " + id + " that you may see"));
    ctx.json(view);
  }
}
