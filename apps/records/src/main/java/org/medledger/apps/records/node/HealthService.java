package org.medledger.apps.records.node;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.access.AccessPolicy;
import org.medledger.apps.records.contract.access.HealthRoles;
import org.medledger.apps.records.contract.access.Requester;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.audit.ReadRequestCheck;
import org.medledger.apps.records.contract.audit.SignedReadRequest;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.core.membership.Membership;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.application.AccessDecisions;
import org.medledger.node.ledger.Ledger;

/**
 * Reads of health records through the policy point, and the patient's view. Every read is decided
 * by {@link AccessPolicy} on the committed state at the current height and logged through the
 * {@link AccessAuditor}, served or refused; a served read answers the record's metadata and the
 * data key wrapped for the reader (the shards come from the vault).
 */
public final class HealthService {
  private final Ledger ledger;
  private final Membership membership;
  private final AccessAudit auditor;
  private final Clock clock;
  private final String nodeOrganisation;
  private final String signingChainId;
  private final java.util.function.BiFunction<Hash, String, Optional<byte[]>> wrappedKeys;

  /**
   * @param wrappedKeys a record's data key wrapped for a reader ({@code patient}, {@code org:…},
   *     {@code cert:…}), from the vault, checked against the ledger's commitment
   */
  public HealthService(Ledger ledger, Membership membership, AccessAudit auditor, Clock clock, String nodeOrganisation,
      java.util.function.BiFunction<Hash, String, Optional<byte[]>> wrappedKeys) {
    this.nodeOrganisation = nodeOrganisation;
    this.signingChainId = ledger.genesis().signingChainId();
    this.wrappedKeys = wrappedKeys;
    this.ledger = ledger;
    this.membership = membership;
    this.auditor = auditor;
    this.clock = clock;
  }

  private volatile AccessDecisions decisions = AccessDecisions.UNCOUNTED;

  /** Counts each audited decision there (the node's /metrics). */
  public HealthService countingDecisionsIn(AccessDecisions decisions) {
    this.decisions = decisions;
    return this;
  }

  /** A decided and logged read. {@code audit} is empty only when nothing could be logged (unknown record). */
  public record Read(AccessDecision decision, Optional<HealthRecordEntry> record, Optional<String> wrappedKey,
      Optional<CompletableFuture<Hash>> audit, long decisionNanos) {}

  private final SeenReadRequests seenRequests = new SeenReadRequests();
  /** How old (or early) a signed read request this node takes may be. */
  static final long FRESH_REQUEST_MILLIS = 120_000;

  /**
   * Decides and logs one read. {@code request} is the requester's own signed read request (the
   * REST header {@link SignedReadRequest#HEADER}); only a patient reading her own record by the
   * download link her node issued her reads without one. A missing, mismatched, stale, foreign or
   * replayed request is a {@link ReadRequestException}: nothing is read and nothing logged.
   */
  public Read read(Caller who, Hash recordHash, PurposeOfUse purpose, String breakGlassReason,
      Optional<SignedReadRequest> request) {
    if (!who.organisation().equals(nodeOrganisation)) {
      // The ledger files a read only under the logging node's own organisation (AuditContract),
      // and the data key is wrapped for the reader's organisation's node: a member reads at home.
      throw org.medledger.node.auth.AuthException.forbidden("other_organisation", "a member of " + who.organisation()
          + " reads health records through its own organisation's node; this node is " + nodeOrganisation + "'s");
    }
    StateReader state = ledger.state();
    long now = clock.millis();
    long t0 = System.nanoTime();
    Requester requester = new Requester(who, patientIdOf(state, who));
    AccessDecision d = AccessPolicy.decide(state, requester, recordHash, purpose, breakGlassReason, now);
    long took = System.nanoTime() - t0;
    Optional<HealthRecordEntry> entry = RecordContract.find(state, recordHash);
    if (entry.isEmpty()) {
      return new Read(d, Optional.empty(), Optional.empty(), Optional.empty(), took);
    }
    AccessEvent event = AccessEvent.reported(recordHash, entry.get().patient(), who.certificateId(), who.organisation(),
        who.role(), purpose, d, now);
    if (request.isPresent()) {
      event = event.requestedBy(checked(state, event, request.get(), breakGlassReason, now));
    } else if (ReadRequestCheck.required(who.role(), d.basis())) {
      throw new ReadRequestException("missing_read_request", "a read of a health record needs the reader's own signed read"
          + " request in the " + SignedReadRequest.HEADER + " header (docs/format.md, \"Signed read request\"); the SDK"
          + " signs one for every read");
    }
    CompletableFuture<Hash> audit = auditor.log(event);
    decisions.count(!d.served() ? AccessDecisions.Decision.REFUSED
        : d.basis() == AccessDecision.Basis.BREAK_GLASS ? AccessDecisions.Decision.BREAK_GLASS : AccessDecisions.Decision.SERVED);
    Optional<String> key = Optional.empty();
    if (d.served()) {
      key = keyFor(state, recordHash, who, d);
    }
    return new Read(d, d.served() ? entry : Optional.empty(), key, Optional.of(audit), took);
  }

  /** The request, once it is the caller's own, for exactly this read, fresh and not used before. */
  private SignedReadRequest checked(StateReader state, AccessEvent event, SignedReadRequest signed, String breakGlassReason,
      long now) {
    String stated = breakGlassReason == null ? "" : breakGlassReason;
    if (!signed.request().reason().equals(stated)) {
      throw new ReadRequestException("invalid_read_request", "the signed read request states the reason '"
          + signed.request().reason() + "', the read '" + stated + "'");
    }
    java.security.PublicKey key = membership.certificate(state, event.requester()).map(X509Certificate::getPublicKey)
        .orElseThrow(() -> new ReadRequestException("invalid_read_request", "requester " + event.requester()
            + " has no registered certificate to check the read request against"));
    Optional<String> problem = ReadRequestCheck.problem(ledger.genesis().cryptoSuite(), signingChainId,
        event, signed, key, now);
    if (problem.isPresent()) {
      throw new ReadRequestException("invalid_read_request", problem.get());
    }
    if (Math.abs(signed.request().time() - now) > FRESH_REQUEST_MILLIS) {
      // Narrower than the ledger's 10 minutes, so that the block this event lands in (its time
      // set by another validator's clock) still takes it: one event the ledger refuses fails
      // the whole audit batch, other readers' events with it.
      throw new ReadRequestException("invalid_read_request", "the read request was made at " + signed.request().time()
          + ", more than " + FRESH_REQUEST_MILLIS + " ms from this node's time " + now + ": sign each read when it is sent");
    }
    if (AuditContract.spent(state, signed.request()) || !seenRequests.firstUse(signed.request(), now)) {
      throw new ReadRequestException("replayed_read_request", "read request " + signed.request().nonce()
          + " was used already: each read is signed afresh");
    }
    return signed;
  }

  private Optional<String> keyFor(StateReader state, Hash record, Caller who, AccessDecision d) {
    List<String> readers = d.basis() == AccessDecision.Basis.PATIENT ? List.of(RecordContract.PATIENT_READER)
        : List.of(Grantee.certificate(who.certificateId()).toString(), "org:" + who.organisation());
    for (String r : readers) {
      Optional<byte[]> k = wrappedKeys.apply(record, r);
      if (k.isPresent()) {
        return Optional.of(Hex.encode(k.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * The signed read request a REST or FHIR read carries in {@link SignedReadRequest#HEADER}, if
   * any; one that does not decode is refused naming what is wrong.
   */
  public static Optional<SignedReadRequest> requestHeader(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SignedReadRequest.fromHex(value));
    } catch (org.medledger.core.codec.DecodeException e) {
      throw new ReadRequestException("invalid_read_request", SignedReadRequest.HEADER + ": " + e.getMessage());
    }
  }

  /** The patient id of a caller whose certificate carries a patient's key, if it is a registered patient. */
  public Optional<PatientId> patientIdOf(StateReader state, Caller who) {
    if (!"patient".equals(who.role())) {
      return Optional.empty();
    }
    Optional<X509Certificate> cert = membership.certificate(state, who.certificateId());
    return cert.map(c -> PatientId.of(ledger.hashFunction(), c.getPublicKey().getEncoded()))
        .filter(id -> PatientContract.find(state, id).isPresent());
  }

  /**
   * The patient's view: records (metadata), consents with their status now, and every logged
   * access. For the patient, a regulator (metadata and audit are theirs to see), or a clinician
   * or admin of a hospital caring for the patient; anyone else gets empty.
   */
  public Optional<Map<String, Object>> view(Caller who, PatientId patient) {
    StateReader state = ledger.state();
    if (PatientContract.find(state, patient).isEmpty() || !maySee(state, who, patient)) {
      return Optional.empty();
    }
    long now = clock.millis();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("patient", patient.toString());
    m.put("height", ledger.height());
    // Each item names the receipt that proves it offline (docs/receipts.md).
    List<Object> records = new ArrayList<>();
    RecordContract.ofPatient(state, patient).forEach(r -> {
      Map<String, Object> x = new LinkedHashMap<>(r.toMap());
      x.put("receipt", "/v1/receipts/state?key=" + RecordContract.NAME + "/record/" + r.recordHash().hex());
      records.add(x);
    });
    m.put("records", records);
    List<Object> consents = new ArrayList<>();
    for (ConsentRecord c : ConsentContract.ofPatient(state, patient)) {
      Map<String, Object> x = new LinkedHashMap<>(c.toMap(now));
      x.put("receipt", "/v1/receipts/state?key=" + ConsentContract.NAME + "/consent/" + c.id().hex());
      consents.add(x);
    }
    m.put("consents", consents);
    List<Object> accesses = new ArrayList<>();
    AuditContract.visit(state, patient, (id, e) -> {
      Map<String, Object> x = new LinkedHashMap<>(e.toMap());
      x.put("id", id);
      x.put("receipt", "/v1/receipts/tx/" + id.split("-")[1]);
      accesses.add(x);
    });
    m.put("accesses", accesses);
    return Optional.of(m);
  }

  /** The patients whose metadata and audit this caller may see: all for a regulator, her own for a patient, those its organisation cares for. */
  public List<PatientId> visiblePatients(Caller who) {
    StateReader state = ledger.state();
    List<PatientId> out = new ArrayList<>();
    state.scan(org.medledger.core.runtime.StateKeys.of(PatientContract.NAME, "patient/"), (k, v) -> {
      PatientId id = org.medledger.apps.records.contract.patient.PatientRecord.decode(v).id();
      if (maySee(state, who, id)) {
        out.add(id);
      }
      return true;
    });
    return out;
  }

  /** The organisation whose node this is: its vault stores for its own clinicians and admins. */
  public String nodeOrganisation() {
    return nodeOrganisation;
  }

  /** Whether this caller may store records through this node's vault: its organisation's clinicians and admins. */
  public boolean mayStore(Caller who) {
    return HealthRoles.isCareGiver(who) && who.organisation().equals(nodeOrganisation);
  }

  /** Whether this caller may see the patient's metadata and audit (not content: that is the policy point's). */
  public boolean maySee(StateReader state, Caller who, PatientId patient) {
    if (HealthRoles.REGULATOR.equals(who.role())) {
      return true;
    }
    Optional<PatientId> own = patientIdOf(state, who);
    if (own.isPresent()) {
      return PatientContract.samePerson(state, own.get(), patient);
    }
    return HealthRoles.isCareGiver(who) && PatientContract.caredForBy(state, patient, who.organisation());
  }
}
