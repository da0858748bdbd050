package org.medledger.apps.credentials.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.CredentialKeys;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.membership.Membership;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.node.api.ApiError;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.api.Requests;
import org.medledger.node.api.SubmissionReplies;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.admission.Admission;

/**
 * {@code /v1/credentials/…} (docs/credentials.md, REST): a licensing authority's member submits
 * her own signed transactions (issue and renew with the signed credential document they put on
 * the ledger, which this node checks against them first); anyone reads a credential's status and
 * its status snapshot, the state receipt a verifier checks offline.
 */
final class CredentialRoutes {
  static final String BASE = "/v1/credentials";
  private static final Set<String> LIFECYCLE = Set.of("suspend", "reinstate", "revoke");
  private final Genesis genesis;
  private final Membership membership;
  private final Ledger ledger;
  private final Admission admission;
  private final SubmissionReplies replies;
  private final Clock clock;

  CredentialRoutes(Genesis genesis, Membership membership, Ledger ledger, Admission admission, SubmissionReplies replies,
      Clock clock) {
    this.genesis = genesis;
    this.membership = membership;
    this.ledger = ledger;
    this.admission = admission;
    this.replies = replies;
    this.clock = clock;
  }

  void register(ApiRoutes routes) {
    routes.post(BASE, BodyLimit.STANDARD, ctx -> withDocument(ctx, "issue", null, null));
    routes.post(BASE + "/enforce", BodyLimit.TRANSACTION, ctx -> submit(ctx, signed(ctx, "enforce")));
    routes.get(BASE, this::holder);
    routes.publicGet(BASE + "/{issuer}/{licence}", this::status);
    routes.publicGet(BASE + "/{issuer}/{licence}/snapshot", this::snapshot);
    routes.post(BASE + "/{issuer}/{licence}/renew", BodyLimit.STANDARD,
        ctx -> withDocument(ctx, "renew", ctx.pathParam("issuer"), ctx.pathParam("licence")));
    routes.post(BASE + "/{issuer}/{licence}/{action}", BodyLimit.TRANSACTION, this::lifecycle);
    routes.openApi("openapi/credentials.json");
  }

  /** Issue or renew: the member's signed transaction and the signed document it puts on the ledger, which must agree. */
  private void withDocument(Context ctx, String method, String issuer, String licence) {
    Transaction tx = signed(ctx, method);
    if (issuer != null) {
      samePath(tx, issuer, licence);
    }
    JsonNode body = Requests.body(ctx);
    SignedCredential credential;
    try {
      credential = SignedCredential.parse(body.path("credential").toString());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("credential: " + e.getMessage());
    }
    CertificateCheck check = membership.member(ledger.state(), tx.sender(), clock.millis());
    if (check instanceof CertificateCheck.Invalid bad) {
      throw ApiError.badRequest("transaction sender: " + bad.reason());
    }
    MemberCertificate sender = ((CertificateCheck.Valid) check).member();
    IssuedDocument.problem(genesis, credential, tx, sender).ifPresent(p -> {
      throw ApiError.badRequest(p);
    });
    submit(ctx, tx);
  }

  private void lifecycle(Context ctx) {
    Requests.body(ctx); // a malformed body is answered 400 whatever the path names
    String action = ctx.pathParam("action");
    if (!LIFECYCLE.contains(action)) {
      throw ApiError.notFound("no credential action '" + action + "' (suspend, reinstate, revoke; renew takes the new document)");
    }
    Transaction tx = signed(ctx, action);
    samePath(tx, ctx.pathParam("issuer"), ctx.pathParam("licence"));
    submit(ctx, tx);
  }

  private void submit(Context ctx, Transaction tx) {
    replies.respond(ctx, admission.submit(tx), null, !"false".equalsIgnoreCase(ctx.queryParam("wait")));
  }

  private static void samePath(Transaction tx, String issuer, String licence) {
    if (!issuer.equals(tx.args().get("issuer").orElse("")) || !licence.equals(tx.args().get("licence").orElse(""))) {
      throw ApiError.badRequest("transaction: arguments issuer and licence (" + tx.args().get("issuer").orElse("") + ", "
          + tx.args().get("licence").orElse("") + ") are not the path's (" + issuer + ", " + licence + ")");
    }
  }

  private static Transaction signed(Context ctx, String method) {
    JsonNode body = Requests.body(ctx);
    Transaction tx;
    try {
      tx = Transaction.decode(Hex.decode(body.path("transaction").asText("")));
    } catch (RuntimeException e) {
      throw ApiError.badRequest("transaction: hex of a signed transaction is required (" + e.getMessage() + ")");
    }
    if (!CredentialsContract.NAME.equals(tx.contract()) || !method.equals(tx.method())) {
      throw ApiError.badRequest("transaction: this route takes credentials." + method + ", not " + tx.contract() + "."
          + tx.method());
    }
    return tx;
  }

  /** A credential's record and where it stands now by this node's clock. */
  private void status(Context ctx) {
    Credential c = CredentialsContract.find(ledger.state(), ctx.pathParam("issuer"), ctx.pathParam("licence"))
        .orElseThrow(() -> ApiError.notFound(ctx.pathParam("issuer") + " issued no licence " + ctx.pathParam("licence")));
    ctx.json(view(c, clock.millis(), ledger.height()));
  }

  static Map<String, Object> view(Credential c, long now, long height) {
    Map<String, Object> m = new LinkedHashMap<>(c.toMap());
    m.put("standing", c.problemAt(now, null).map(p -> switch (p) {
      case EXPIRED -> "expired";
      case NOT_YET_VALID -> "not-yet-valid";
      default -> c.status().wireName();
    }).orElse("active"));
    m.put("height", height);
    return m;
  }

  /** The status snapshot: the state receipt of the credential's record at the head, sealed by the validators. */
  private void snapshot(Context ctx) {
    String key = CredentialKeys.credential(ctx.pathParam("issuer"), ctx.pathParam("licence"));
    if (key.contains("..") || ctx.pathParam("issuer").contains("/")) {
      throw ApiError.badRequest("issuer and licence hold no '/' or '..'");
    }
    long height = ledger.height();
    var proof = ledger.stateProof(StateKeys.of(CredentialKeys.NAMESPACE, key), height)
        .orElseThrow(() -> ApiError.notFound("no block at height " + height));
    var header = ledger.signedHeader(height).orElseThrow(() -> ApiError.notFound("no block at height " + height));
    ctx.json(ReceiptDocuments.stateReceipt(proof, header, ledger.hashFunction(), ledger.validatorTransitions(height)));
  }

  private void holder(Context ctx) {
    Hash holder;
    try {
      holder = Hash.fromHex(String.valueOf(ctx.queryParam("holder")));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("query parameter holder (a certificate id, 64 hex): " + e.getMessage());
    }
    long now = clock.millis();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Credential c : CredentialsContract.ofHolder(ledger.state(), holder)) {
      out.add(view(c, now, ledger.height()));
    }
    ctx.json(Map.of("holder", holder.hex(), "credentials", out));
  }
}
