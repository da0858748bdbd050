package org.medledger.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.medledger.core.consent.ConsentGrant;
import org.medledger.core.consent.ConsentRevocation;
import org.medledger.core.consent.Grantee;
import org.medledger.core.consent.PurposeOfUse;
import org.medledger.core.patient.CareRegistration;
import org.medledger.core.patient.PatientId;
import org.medledger.core.record.ErasureRequest;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.Identity;
import org.medledger.node.health.PatientWallet;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;

/**
 * Custodial patients, kept in the hospital's wallet (the default custody): registering one, and
 * the patient's own acts that the wallet signs at her instruction through a clinician or admin of
 * the hospital: granting and revoking consent, and asking for erasure. Each is a ledger
 * transaction relayed by this node, so it shows in the patient's view.
 */
final class WalletRoutes {
  private final Ledger ledger;
  private final PatientWallet wallet;
  private final NodeTransactions transactions;
  private final String organisation;

  WalletRoutes(Ledger ledger, PatientWallet wallet, NodeTransactions transactions, String organisation) {
    this.ledger = ledger;
    this.wallet = wallet;
    this.transactions = transactions;
    this.organisation = organisation;
  }

  void register(Javalin app) {
    app.post("/v1/patients", this::create);
    app.post("/v1/patients/{id}/care", this::invite);
    app.post("/v1/patients/{id}/consents", this::grant);
    app.post("/v1/patients/{id}/consents/{consent}/revoke", this::revoke);
    app.post("/v1/patients/{id}/erase", this::erase);
  }

  private void requireCareGiver(Context ctx) {
    Identity who = ApiServer.identity(ctx);
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
    KeyPair k = wallet.create();
    PatientId id = PatientId.of(ledger.hashFunction(), k.getPublic().getEncoded());
    ctx.attribute("publicKey", Hex.encode(k.getPublic().getEncoded()));
    Signer patient = wallet.signer(id).orElseThrow();
    respond(ctx, id, null, transactions.submitAndWait(transactions.sign("patients", "register",
        "publicKey", Hex.encode(k.getPublic().getEncoded()), "custody", "custodial",
        "signature", CareRegistration.sign(patient, ledger.genesis().chainId(), id, organisation),
        "encryptionKeyCertificate", Hex.encode(wallet.encryptionKeyCertificate(id, ledger.genesis().chainId()).orElseThrow().encode()))));
  }

  /**
   * The patient, through her custodian's wallet, asks to be cared for by another organisation
   * (a referral): her signature, which that organisation's clinician submits with {@code
   * patients.register}. Nothing goes on the ledger until it does.
   */
  private void invite(Context ctx) {
    requireCareGiver(ctx);
    PatientId id = walletPatient(ctx);
    String other = ApiServer.body(ctx).path("organisation").asText("");
    if (ledger.genesis().organisations().stream().noneMatch(o -> o.name().equals(other))) {
      throw ApiError.badRequest("organisation '" + other + "' is not a member of this network");
    }
    Signer s = wallet.signer(id).orElseThrow();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("patient", id.toString());
    m.put("organisation", other);
    m.put("signature", CareRegistration.sign(s, ledger.genesis().chainId(), id, other));
    ctx.status(200).json(m);
  }

  private void grant(Context ctx) {
    requireCareGiver(ctx);
    PatientId id = walletPatient(ctx);
    JsonNode b = ApiServer.body(ctx);
    ConsentGrant g;
    try {
      TreeSet<Hash> records = new TreeSet<>();
      b.path("records").forEach(r -> records.add(Hash.fromHex(r.asText())));
      TreeSet<PurposeOfUse> purposes = new TreeSet<>();
      b.path("purposes").forEach(p -> purposes.add(PurposeOfUse.parse(p.asText())));
      TreeSet<String> categories = new TreeSet<>();
      b.path("categories").forEach(c -> categories.add(c.asText()));
      long now = System.currentTimeMillis();
      g = new ConsentGrant(ledger.genesis().chainId(), id, Grantee.parse(b.path("grantee").asText(null)), categories, records,
          purposes, b.path("start").asLong(now), b.path("end").asLong(0), b.path("delegable").asBoolean(false),
          b.path("reference").asText("consent-" + now));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    byte[] bytes = g.encode();
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
    Signer s = wallet.signer(id).orElseThrow();
    respond(ctx, id, consent, transactions.submitAndWait(transactions.sign("consent", "revoke", "consent", consent.hex(),
        "signature", Hex.encode(s.sign(ConsentRevocation.statement(ledger.genesis().chainId(), consent))))));
  }

  private void erase(Context ctx) {
    requireCareGiver(ctx);
    PatientId id = walletPatient(ctx);
    String reference = ApiServer.body(ctx).path("reference").asText("erasure-" + System.currentTimeMillis());
    Signer s = wallet.signer(id).orElseThrow();
    // Everything this hospital registered for her up to now; nothing filed after her request.
    long upTo = ledger.height();
    respond(ctx, id, null, transactions.submitAndWait(transactions.sign("records", "erase", "patient", id.toString(),
        "reference", reference, "upToHeight", Long.toString(upTo), "signature",
        Hex.encode(s.sign(ErasureRequest.statement(ledger.genesis().chainId(), id, organisation, upTo, reference))))));
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
    m.put("txId", c.outcome().txId().hex());
    m.put("height", c.height());
    m.put("outcome", Map.of("success", c.outcome().success(), "code", c.outcome().code(), "message", c.outcome().message()));
    ctx.status(c.outcome().success() ? 201 : 422).json(m);
  }
}
