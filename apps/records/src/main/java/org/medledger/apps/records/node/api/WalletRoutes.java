package org.medledger.apps.records.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRevocation;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.ErasureRequest;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.Identity;
import org.medledger.apps.records.node.ErasureApprovals;
import org.medledger.apps.records.node.PatientWallet;
import org.medledger.apps.records.node.StepUpCodes;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Custodial patients, kept in the hospital's wallet (the default custody): registering one, and
 * the patient's own acts that the wallet signs at her instruction through a clinician or admin of
 * the hospital: granting and revoking consent, and asking for erasure. Each is a ledger
 * transaction relayed by this node, so it shows in the patient's view.
 *
 * <p>Staff alone cannot make the wallet sign (issue 20, finding 8): every signature for a
 * patient takes one of her one-time step-up codes (field {@code stepUpCode}), handed to her
 * once when she is registered; and an erasure, which cannot be undone, waits until a second,
 * different person, an admin of this organisation, approves it. Every refusal is logged with
 * who asked.
 */
public final class WalletRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WalletRoutes.class);

  private final Ledger ledger;
  private final PatientWallet wallet;
  private final StepUpCodes stepUp;
  private final ErasureApprovals erasures;
  private final NodeTransactions transactions;
  private final String organisation;
  private final Clock clock;

  public WalletRoutes(Ledger ledger, PatientWallet wallet, StepUpCodes stepUp, ErasureApprovals erasures,
      NodeTransactions transactions, String organisation, Clock clock) {
    this.ledger = ledger;
    this.wallet = wallet;
    this.stepUp = stepUp;
    this.erasures = erasures;
    this.transactions = transactions;
    this.organisation = organisation;
    this.clock = clock;
  }

  public void register(ApiRoutes allRoutes) {
    // A patient's consents, care and erasure: each refusal is filed in the node's refusal log.
    ApiRoutes routes = allRoutes.servingHealthData();
    routes.post("/v1/patients", this::create);
    routes.post("/v1/patients/{id}/care", this::invite);
    routes.post("/v1/patients/{id}/consents", this::grant);
    routes.post("/v1/patients/{id}/consents/{consent}/revoke", this::revoke);
    routes.post("/v1/patients/{id}/erase", this::erase);
    routes.post("/v1/patients/{id}/erasures/{request}/approve", this::approveErasure);
    routes.post("/v1/patients/{id}/step-up-codes", this::newCodes);
  }

  /**
   * Spends the patient's step-up code from {@code body}; returns how many she has left. A missing
   * or wrong code is refused (403), too many wrong ones lock her codes for a while (429), and
   * each refusal is logged with the member of staff who asked.
   */
  private int stepUp(Context ctx, JsonNode body, PatientId id, String action) {
    try {
      return stepUp.spend(id, body.path("stepUpCode").asText(null));
    } catch (StepUpCodes.StepUpRefused e) {
      Identity who = Requests.identity(ctx);
      LOG.warn("step-up refused: {} ({} of {}, certificate {}) asked the wallet to {} for patient {}: {}", who.name(),
          who.role(), who.organisation(), who.certificateId(), action, id, e.getMessage());
      throw e.locked() ? AuthException.throttled(e.getMessage()) : new ApiError(403, "step_up_refused", e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void requireCareGiver(Context ctx) {
    Identity who = Requests.identity(ctx);
    if (!who.organisation().equals(organisation) || !who.hasRole("admin", "clinician")) {
      throw AuthException.forbidden("the wallet of " + organisation + " acts only for its own clinicians and admins");
    }
  }

  private PatientId walletPatient(Context ctx) {
    PatientId id;
    try {
      id = PatientId.parse(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    if (!wallet.holds(id)) {
      throw ApiError.notFound("patient " + id + " has no key in " + organisation + "'s wallet");
    }
    return id;
  }

  private void create(Context ctx) throws Exception {
    requireCareGiver(ctx);
    // The documented body is a JSON object whose fields are not read; anything else (an array
    // 10,000 deep, a huge document) is refused as every other route refuses it, before a wallet
    // key is made or a registration submitted. No body at all is taken as an empty object.
    if (!ctx.body().isBlank()) {
      Requests.body(ctx);
    }
    KeyPair k = wallet.create();
    PatientId id = PatientId.of(ledger.hashFunction(), k.getPublic().getEncoded());
    ctx.attribute("publicKey", Hex.encode(k.getPublic().getEncoded()));
    Signer patient = wallet.signer(id).orElseThrow();
    CommitWaiters.Committed c = transactions.submitAndWait(transactions.sign("patients", "register",
        "publicKey", Hex.encode(k.getPublic().getEncoded()), "custody", "custodial",
        "signature", CareRegistration.sign(patient, ledger.genesis().chainId(), id, organisation),
        "encryptionKeyCertificate", Hex.encode(wallet.encryptionKeyCertificate(id, ledger.genesis().chainId()).orElseThrow().encode())));
    if (c.outcome().success()) {
      // Shown once, to be printed for her: the node keeps only their HMACs.
      ctx.attribute("stepUpCodes", stepUp.issue(id));
    }
    respond(ctx, id, null, c);
  }

  /** A new list of step-up codes for the patient, for one of her current ones; the old list stops working. */
  private void newCodes(Context ctx) throws IOException {
    requireCareGiver(ctx);
    PatientId id = walletPatient(ctx);
    stepUp(ctx, Requests.body(ctx), id, "issue new step-up codes");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("patient", id.toString());
    m.put("stepUpCodes", stepUp.issue(id));
    ctx.status(201).json(m);
  }

  /**
   * The patient, through her custodian's wallet, asks to be cared for by another organisation
   * (a referral): her signature, which that organisation's clinician submits with {@code
   * patients.register}. Nothing goes on the ledger until it does.
   */
  private void invite(Context ctx) {
    requireCareGiver(ctx);
    PatientId id = walletPatient(ctx);
    JsonNode body = Requests.body(ctx);
    String other = body.path("organisation").asText("");
    if (ledger.genesis().organisations().stream().noneMatch(o -> o.name().equals(other))) {
      throw ApiError.badRequest("organisation '" + other + "' is not a member of this network");
    }
    int left = stepUp(ctx, body, id, "sign a referral to " + other);
    Signer s = wallet.signer(id).orElseThrow();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("patient", id.toString());
    m.put("organisation", other);
    m.put("signature", CareRegistration.sign(s, ledger.genesis().chainId(), id, other));
    m.put("stepUpCodesLeft", left);
    ctx.status(200).json(m);
  }

  private void grant(Context ctx) {
    requireCareGiver(ctx);
    PatientId id = walletPatient(ctx);
    JsonNode b = Requests.body(ctx);
    ConsentGrant g;
    try {
      TreeSet<Hash> records = new TreeSet<>();
      b.path("records").forEach(r -> records.add(Hash.fromHex(r.asText())));
      TreeSet<PurposeOfUse> purposes = new TreeSet<>();
      b.path("purposes").forEach(p -> purposes.add(PurposeOfUse.parse(p.asText())));
      TreeSet<String> categories = new TreeSet<>();
      b.path("categories").forEach(c -> categories.add(c.asText()));
      long now = clock.millis();
      long end = ConsentTimes.millis(b, "end").orElseThrow(() -> new IllegalArgumentException("'end' is required: when the"
          + " consent ends, in epoch milliseconds or ISO-8601 (2027-06-30T00:00:00Z)"));
      g = new ConsentGrant(ledger.genesis().chainId(), id, Grantee.parse(b.path("grantee").asText(null)), categories, records,
          purposes, ConsentTimes.millis(b, "start").orElse(now), end, b.path("delegable").asBoolean(false),
          b.path("reference").asText("consent-" + now));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    byte[] bytes = g.encode();
    ctx.attribute("stepUpCodesLeft", stepUp(ctx, b, id, "grant a consent"));
    Signer s = wallet.signer(id).orElseThrow();
    respond(ctx, id, g.id(ledger.hashFunction()), transactions.submitAndWait(transactions.sign("consent", "grant",
        "grant", Hex.encode(bytes), "signature", Hex.encode(s.sign(bytes)))));
  }

  private void revoke(Context ctx) {
    requireCareGiver(ctx);
    PatientId id = walletPatient(ctx);
    Hash consent;
    try {
      consent = Hash.fromHex(ctx.pathParam("consent"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("consent: " + e.getMessage());
    }
    ctx.attribute("stepUpCodesLeft", stepUp(ctx, Requests.body(ctx), id, "revoke consent " + consent.hex()));
    Signer s = wallet.signer(id).orElseThrow();
    respond(ctx, id, consent, transactions.submitAndWait(transactions.sign("consent", "revoke", "consent", consent.hex(),
        "signature", Hex.encode(s.sign(ConsentRevocation.statement(ledger.genesis().chainId(), consent))))));
  }

  /**
   * The patient asks to be forgotten: her step-up code is spent and the request waits for a second
   * person (202); nothing is signed yet.
   */
  private void erase(Context ctx) {
    requireCareGiver(ctx);
    PatientId id = walletPatient(ctx);
    JsonNode body = Requests.body(ctx);
    var waiting = erasures.waiting(id);
    if (waiting.isPresent()) {
      throw new ApiError(409, "erasure_pending", "erasure request " + waiting.get().id() + " for patient " + id
          + " already waits for a second person's approval");
    }
    int left = stepUp(ctx, body, id, "ask for her erasure");
    Identity who = Requests.identity(ctx);
    String reference = body.path("reference").asText("erasure-" + clock.millis());
    // Everything this hospital registered for her up to her request; nothing filed after it.
    ErasureApprovals.Pending p = erasures.request(id, who.certificateId(), who.name(), reference, ledger.height());
    LOG.info("erasure request {} for patient {} by {} ({} of {}) waits for a second person", p.id(), id, who.name(),
        who.role(), who.organisation());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("patient", id.toString());
    m.put("erasure", p.id());
    m.put("status", "pending");
    m.put("requestedBy", who.name());
    m.put("expiresAt", p.expiresAtMillis());
    m.put("approve", "/v1/patients/" + id + "/erasures/" + p.id() + "/approve");
    m.put("stepUpCodesLeft", left);
    ctx.status(202).json(m);
  }

  /** A second person, an admin of this organisation other than the requester, lets the wallet sign the erasure. */
  private void approveErasure(Context ctx) {
    Identity who = Requests.identity(ctx);
    if (!who.organisation().equals(organisation) || !who.hasRole("admin")) {
      throw AuthException.forbidden("an erasure from " + organisation + "'s wallet is approved by an admin of " + organisation);
    }
    PatientId id = walletPatient(ctx);
    ErasureApprovals.Pending p;
    try {
      p = erasures.approve(id, ctx.pathParam("request"), who.certificateId(), who.name());
    } catch (ErasureApprovals.Refused e) {
      LOG.warn("erasure approval refused: {} ({} of {}, certificate {}) for patient {}: {}", who.name(), who.role(),
          who.organisation(), who.certificateId(), id, e.getMessage());
      throw switch (e.reason()) {
        case UNKNOWN -> ApiError.notFound(e.getMessage());
        case EXPIRED -> new ApiError(410, "erasure_expired", e.getMessage());
        case SAME_PERSON -> AuthException.forbidden(e.getMessage());
      };
    }
    LOG.info("erasure request {} for patient {} (asked through {}) approved by {}", p.id(), id, p.requesterName(), who.name());
    Signer s = wallet.signer(id).orElseThrow();
    respond(ctx, id, null, transactions.submitAndWait(transactions.sign("records", "erase", "patient", id.toString(),
        "reference", p.reference(), "upToHeight", Long.toString(p.upToHeight()), "signature",
        Hex.encode(s.sign(ErasureRequest.statement(ledger.genesis().chainId(), id, organisation, p.upToHeight(),
            p.reference()))))));
  }

  private void respond(Context ctx, PatientId id, Hash consent, CommitWaiters.Committed c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("patient", id.toString());
    if (ctx.attribute("publicKey") != null) {
      m.put("publicKey", ctx.attribute("publicKey"));
    }
    if (consent != null) {
      m.put("consent", consent.hex());
    }
    if (ctx.attribute("stepUpCodes") != null) {
      m.put("stepUpCodes", ctx.attribute("stepUpCodes"));
    }
    if (ctx.attribute("stepUpCodesLeft") != null) {
      m.put("stepUpCodesLeft", ctx.attribute("stepUpCodesLeft"));
    }
    m.put("txId", c.outcome().txId().hex());
    m.put("height", c.height());
    m.put("outcome", Map.of("success", c.outcome().success(), "code", c.outcome().code(), "message", c.outcome().message()));
    ctx.status(c.outcome().success() ? 201 : 422).json(m);
  }
}
