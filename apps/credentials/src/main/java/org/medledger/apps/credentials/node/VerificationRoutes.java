package org.medledger.apps.credentials.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.PrimarySourceVerification;
import org.medledger.apps.credentials.contract.Verifications;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.api.SubmissionReplies;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.auth.AuthException;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;

/**
 * {@code /v1/credential-verifications/…} (docs/credentials.md, "Primary-source verification"): a
 * licensing authority's member records the verification behind its credential with the document
 * this node then keeps; the clinician grants or withdraws its reuse; a hospital reads it (judged,
 * logged on the ledger, then answered) and records its reuse; the clinician and the authority see
 * who read and reused it.
 */
final class VerificationRoutes {
  static final String BASE = "/v1/credential-verifications";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> CONSENT_METHODS = Set.of("grantVerification", "withdrawVerificationConsent");
  private final Ledger ledger;
  private final Admission admission;
  private final CommitWaiters commits;
  private final SubmissionReplies replies;
  private final VerificationStore store;
  private final VerificationReads reads;
  private final String nodeOrganisation;

  VerificationRoutes(Ledger ledger, Admission admission, CommitWaiters commits, VerificationStore store,
      VerificationReads reads, String nodeOrganisation) {
    this.ledger = ledger;
    this.admission = admission;
    this.commits = commits;
    this.replies = new SubmissionReplies(ledger, commits);
    this.store = store;
    this.reads = reads;
    this.nodeOrganisation = nodeOrganisation;
  }

  void register(ApiRoutes routes) {
    routes.post(BASE, BodyLimit.STANDARD, this::record);
    routes.get(BASE, this::ofCredential);
    routes.get(BASE + "/{id}", this::read);
    routes.get(BASE + "/{id}/audit", this::audit);
    routes.post(BASE + "/{id}/consents", BodyLimit.TRANSACTION, ctx -> submit(ctx, signed(ctx, CONSENT_METHODS)));
    routes.post(BASE + "/{id}/reuses", BodyLimit.TRANSACTION, ctx -> submit(ctx, signed(ctx, Set.of("reuseVerification"))));
    routes.post(BASE + "/{id}/erasure", BodyLimit.TRANSACTION, this::erase);
    routes.openApi("openapi/credential-verifications.json");
  }

  /**
   * The authority's signed {@code recordVerification} with the document it puts on the ledger:
   * checked to agree, kept here before the transaction is submitted (so a committed entry always
   * has its document) and dropped again if the ledger refuses it.
   */
  private void record(Context ctx) {
    Transaction tx = transaction(ctx);
    if (!"recordVerification".equals(tx.method())) {
      throw ApiError.badRequest("transaction: this route takes credentials.recordVerification, not " + tx.contract() + "."
          + tx.method());
    }
    String custodian = tx.args().get("custodian").orElse("");
    if (!nodeOrganisation.equals(custodian)) {
      throw ApiError.badRequest("transaction: custodian '" + custodian + "' is not this node's organisation "
          + nodeOrganisation + ": send it to the custodian's node");
    }
    VerificationDocument document;
    try {
      document = VerificationDocument.parse(Requests.body(ctx).get("verification"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("verification: " + e.getMessage());
    }
    Credential c = CredentialsContract.find(ledger.state(), tx.args().get("issuer").orElse(""),
        tx.args().get("licence").orElse("")).orElseThrow(() -> ApiError.notFound(tx.args().get("issuer").orElse("")
            + " issued no licence " + tx.args().get("licence").orElse("")));
    document.problem(tx, c.holder(), ledger.hashFunction()).ifPresent(p -> {
      throw ApiError.badRequest(p);
    });
    Hash id = document.hash(ledger.hashFunction());
    boolean keptBefore = store.get(id).isPresent();
    store.put(id, document.canonical());
    Hash txId = tx.id(ledger.hashFunction());
    CompletableFuture<CommitWaiters.Committed> committed = commits.await(txId);
    AdmissionResult r = admission.submit(tx);
    if (r instanceof AdmissionResult.Refused) {
      commits.forget(txId);
      if (!keptBefore) {
        store.delete(id);
      }
    }
    replies.respond(ctx, r, committed.thenApply(done -> {
      if (!done.outcome().success() && !keptBefore) {
        store.delete(id);
      }
      return done;
    }), true);
  }

  /**
   * The clinician's or her authority's signed {@code eraseVerification}, at the custodian's node:
   * once the ledger commits it this node deletes the document; reads answer 410 {@code erased}
   * from the ledger's entry whether or not the file went (they delete it again).
   */
  private void erase(Context ctx) {
    Transaction tx = signed(ctx, Set.of("eraseVerification"));
    Hash id = Requests.parseHash(ctx.pathParam("id"), "verification id");
    if (!id.hex().equalsIgnoreCase(tx.args().get("verification").orElse(""))) {
      throw ApiError.badRequest("transaction: argument verification (" + tx.args().get("verification").orElse("")
          + ") is not the path's (" + id.hex() + ")");
    }
    reads.entry(ledger.state(), id);
    Hash txId = tx.id(ledger.hashFunction());
    CompletableFuture<CommitWaiters.Committed> committed = commits.await(txId);
    AdmissionResult r = admission.submit(tx);
    if (r instanceof AdmissionResult.Refused) {
      commits.forget(txId);
    }
    replies.respond(ctx, r, committed.thenApply(done -> {
      if (done.outcome().success()) {
        store.delete(id);
      }
      return done;
    }), true);
  }

  /** The recorded verifications behind one credential: the ledger's entries, no document. */
  private void ofCredential(Context ctx) {
    String issuer = String.valueOf(ctx.queryParam("issuer"));
    String licence = String.valueOf(ctx.queryParam("licence"));
    if (ctx.queryParam("issuer") == null || ctx.queryParam("licence") == null) {
      throw ApiError.badRequest("query parameters issuer and licence are required");
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (PrimarySourceVerification v : Verifications.ofCredential(ledger.state(), issuer, licence)) {
      out.add(v.toMap());
    }
    ctx.json(Map.of("issuer", issuer, "licence", licence, "verifications", out));
  }

  /** One read: judged against her consent as committed, logged on the ledger, then answered (403 when refused). */
  private void read(Context ctx) {
    Caller reader = Requests.caller(ctx);
    Hash id = Requests.parseHash(ctx.pathParam("id"), "verification id");
    VerificationReads.Answer a = reads.read(reader, id);
    if (!a.served()) {
      ctx.status(403).json(Map.of("error", "forbidden", "message", a.refusal().get(), "audit", a.auditTx()));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>(a.view());
    try {
      body.put("document", JSON.readTree(new String(a.document().get(), StandardCharsets.UTF_8)));
    } catch (java.io.IOException e) {
      throw new ApiError(500, "internal", "the kept document is not JSON: " + e.getMessage());
    }
    ctx.json(body);
  }

  /** Who read it (served or refused), who reused it and her consents: for the clinician, her authority, regulators. */
  private void audit(Context ctx) {
    Caller viewer = Requests.caller(ctx);
    Hash id = Requests.parseHash(ctx.pathParam("id"), "verification id");
    StateReader state = ledger.state();
    PrimarySourceVerification v = Verifications.find(state, id).orElseThrow(() -> ApiError.notFound(
        "no verification " + id.hex() + " is recorded"));
    if (!viewer.certificateId().equals(v.clinician()) && !viewer.organisation().equals(v.issuer())
        && !"regulator".equals(viewer.role())) {
      throw AuthException.forbidden("only the clinician herself, " + v.issuer() + " or a regulator sees who read"
          + " verification " + id.hex());
    }
    Map<String, Object> body = new LinkedHashMap<>(v.toMap());
    body.put("consents", Verifications.consents(state, id).stream().map(c -> c.toMap()).toList());
    body.put("reads", Verifications.reads(state, id).stream().map(r -> r.toMap()).toList());
    body.put("reuses", Verifications.reuses(state, id).stream().map(r -> r.toMap()).toList());
    ctx.json(body);
  }

  private void submit(Context ctx, Transaction tx) {
    if (!ctx.pathParam("id").equalsIgnoreCase(tx.args().get("verification").orElse(""))) {
      throw ApiError.badRequest("transaction: argument verification (" + tx.args().get("verification").orElse("")
          + ") is not the path's (" + ctx.pathParam("id") + ")");
    }
    replies.respond(ctx, admission.submit(tx), null, !"false".equalsIgnoreCase(ctx.queryParam("wait")));
  }

  private static Transaction signed(Context ctx, Set<String> methods) {
    Transaction tx = transaction(ctx);
    if (!methods.contains(tx.method())) {
      throw ApiError.badRequest("transaction: this route takes credentials." + String.join(" or credentials.",
          methods.stream().sorted().toList()) + ", not " + tx.contract() + "." + tx.method());
    }
    return tx;
  }

  private static Transaction transaction(Context ctx) {
    JsonNode body = Requests.body(ctx);
    Transaction tx;
    try {
      tx = Transaction.decode(Hex.decode(body.path("transaction").asText("")));
    } catch (RuntimeException e) {
      throw ApiError.badRequest("transaction: hex of a signed transaction is required (" + e.getMessage() + ")");
    }
    if (!CredentialsContract.NAME.equals(tx.contract())) {
      throw ApiError.badRequest("transaction: this route takes a credentials transaction, not " + tx.contract() + "."
          + tx.method());
    }
    return tx;
  }
}
