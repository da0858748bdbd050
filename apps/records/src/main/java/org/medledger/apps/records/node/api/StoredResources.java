package org.medledger.apps.records.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.ReadRequestException;
import org.medledger.apps.records.node.fhir.FhirJson;
import org.medledger.apps.records.contract.audit.SignedReadRequest;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.auth.Identity;
import org.medledger.node.vault.VaultException;
import org.medledger.apps.records.node.RecordVault;

/**
 * A health record kept encrypted in the vault, as the FHIR resource it is (an Observation, a
 * Binary, ...). Created: HAPI checks it, the vault stores it for the patient it names. Read: the
 * access policy decides on the ledger at the current height (consent, the reader's own signed
 * read request, break-glass with a reason), the access event, served or refused, is committed, and
 * only then is the content served, byte for byte as stored. Not searchable: what exists is found
 * through DocumentReference, which reveals no content. A stored record never changes (a new
 * document is a new record), so it has one version, {@value #ONLY_VERSION}: its create names it in
 * {@code Location}, read and vread serve it with that version as its {@code ETag}, and vread of
 * any other version is a 404.
 */
final class StoredResources implements FhirResourceProvider {
  /** A stored document read back from the shards: how long to wait for enough of them. */
  private static final long FETCH_WAIT_MILLIS = 10_000;
  /** The one version of a stored record. */
  static final String ONLY_VERSION = "1";
  private final HealthService health;
  private final RecordVault vault;
  private final AuditGate audits;

  StoredResources(HealthService health, RecordVault vault, AuditGate audits) {
    this.health = health;
    this.vault = vault;
    this.audits = audits;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.VREAD, FhirInteraction.CREATE);
  }

  /**
   * Version 1 is the record itself, read through the policy point as {@link #read} does (consent,
   * the reader's signed read request, the access event committed first). Another version is
   * refused before the ledger is asked: it exists for no stored record, so the refusal tells
   * nothing of whether this one does, and costs no access event.
   */
  @Override
  public FhirAnswer vread(FhirRequest request, String id, String versionId) {
    if (!ONLY_VERSION.equals(versionId)) {
      throw new FhirProblem(404, "not-found", "no " + request.resourceType() + "/" + id + "/_history/" + versionId
          + ": a stored record never changes, its one version is " + ONLY_VERSION);
    }
    return read(request, id);
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    String type = request.resourceType();
    Hash hash = RecordResources.hash(id).orElseThrow(() -> new FhirProblem(404, "not-found", "no " + type + "/" + id));
    PurposeOfUse purpose;
    try {
      purpose = PurposeOfUse.parse(Optional.ofNullable(request.query("purpose")).orElse("TREAT"));
    } catch (IllegalArgumentException e) {
      throw new FhirProblem(400, "invalid", e.getMessage());
    }
    HealthService.Read r;
    // An AuthException (a member of another organisation) goes to the façade as it is: a 403 OperationOutcome
    // "forbidden" with its message, and its reason for the node's refusal log.
    try {
      r = health.read(PatientScope.caller(request), hash, purpose, request.query("reason"),
          HealthService.requestHeader(request.http().header(SignedReadRequest.HEADER)));
    } catch (ReadRequestException e) {
      throw new FhirProblem(400, "required", e.code() + ": " + e.getMessage());
    }
    try {
      audits.awaitCommitted(r); // a refused read is on the ledger before it is answered, as a served one
    } catch (ApiError e) {
      throw new FhirProblem(503, "transient", e.getMessage());
    }
    if (!r.decision().served()) {
      boolean unknown = r.audit().isEmpty();
      boolean erased = r.decision().reason().contains("erased");
      throw new FhirProblem(unknown ? 404 : erased ? 410 : 403, unknown ? "not-found" : "forbidden", r.decision().reason());
    }
    String stored = r.record().orElseThrow().resourceType();
    if (!stored.equals(type)) {
      throw new FhirProblem(404, "not-found", "record " + id + " is a " + stored + ", not a " + type);
    }
    byte[] content;
    try {
      content = vault.fetch(hash, FETCH_WAIT_MILLIS);
    } catch (VaultException e) {
      throw new FhirProblem(e.code().equals("erased") ? 410 : 503, "processing", e.getMessage());
    }
    Optional<String> version = Optional.of(ONLY_VERSION);
    return type.equals("Binary") ? new FhirAnswer.Binary("application/octet-stream", content, version)
        : new FhirAnswer.Resource(content, version);
  }

  @Override
  public FhirAnswer create(FhirRequest request, byte[] body) {
    Identity who = Requests.identity(request.http());
    String type = request.resourceType();
    IBaseResource parsed;
    try {
      parsed = FhirJson.parse(body);
    } catch (FhirJson.InvalidFhirException e) {
      throw new FhirProblem(400, "invalid", e.getMessage());
    }
    if (!parsed.fhirType().equals(type)) {
      throw new FhirProblem(400, "invalid", "the body is a " + parsed.fhirType() + ", posted to /fhir/" + type);
    }
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(body);
    } catch (IOException e) {
      throw new FhirProblem(400, "invalid", e.getMessage());
    }
    PatientId patient = patientOf(json);
    String category = Optional.ofNullable(request.query("category")).orElseGet(() -> category(json, type));
    if (!health.mayStore(PatientScope.caller(request))) {
      throw new FhirProblem(403, "forbidden", "records are stored through their custodian's node by its clinicians or admins");
    }
    try {
      var stored = vault.store(who.certificateId(), body, patient, type, category);
      ((Resource) parsed).setId(stored.record().hex());
      return new FhirAnswer.Created(stored.record().hex(), Optional.of(ONLY_VERSION), PatientScope.json((Resource) parsed));
    } catch (VaultException e) {
      if (e.code().startsWith("credential_")) {
        throw new FhirProblem(403, "forbidden", e.code() + ": " + e.getMessage());
      }
      throw new FhirProblem(e.code().equals("unknown_patient") ? 404 : 422, "processing", e.getMessage());
    }
  }

  private static PatientId patientOf(JsonNode json) {
    String ref = json.path("subject").path("reference").asText(json.path("patient").path("reference").asText(""));
    if (!ref.startsWith("Patient/")) {
      throw new FhirProblem(400, "required", "the resource names no patient: subject or patient must reference Patient/<patient id>");
    }
    try {
      return PatientId.parse(ref.substring("Patient/".length()));
    } catch (IllegalArgumentException e) {
      throw new FhirProblem(400, "invalid", "Patient reference: " + e.getMessage());
    }
  }

  /** The record's category when the request names none: the resource's first category code, else its type. */
  private static String category(JsonNode json, String type) {
    String code = json.path("category").path(0).path("coding").path(0).path("code").asText("");
    String category = (code.isEmpty() ? type : code).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return category.length() > 32 ? category.substring(0, 32) : category;
  }
}
