package org.medledger.apps.insurance.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.InsuranceContract;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.apps.insurance.contract.PolicyStatus;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.Admission;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.api.SubmissionReplies;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;

/**
 * {@code /v1/insurance/…}: a hospital's clinician bills through her node, which hashes the lines
 * itself and signs naming her; every other act is the member's own signed transaction, posted to
 * the route of its method (the contract decides who may do it); an insurer's payment is submitted
 * only once its node found every paid line's hash honest. Reads of claims and policies are
 * decided by {@link InsuranceAccess}; what a caller may not see is "not found", like what does not
 * exist. Handlers parse, call, and map; the rules are the contract's.
 */
final class InsuranceRoutes {
  private static final String BASE = "/v1/insurance";
  private final Ledger ledger;
  private final Admission admission;
  private final SubmissionReplies replies;
  private final Supplier<Optional<ClaimBilling>> billing;
  private final InsuranceAccess access;
  private final String nodeOrganisation;
  private final java.time.Clock clock;
  private final ClaimEvidenceRoute evidence;

  InsuranceRoutes(Ledger ledger, Admission admission, CommitWaiters commits,
      Supplier<Optional<ClaimBilling>> billing, InsuranceAccess access, String nodeOrganisation, java.time.Clock clock,
      ClaimEvidenceRoute evidence) {
    this.ledger = ledger;
    this.admission = admission;
    this.replies = new SubmissionReplies(ledger, commits);
    this.billing = billing;
    this.access = access;
    this.nodeOrganisation = nodeOrganisation;
    this.clock = clock;
    this.evidence = evidence;
  }

  void register(ApiRoutes routes) {
    routes.post(BASE + "/products", BodyLimit.TRANSACTION, ctx -> signed(ctx, "publishProduct", null, null));
    routes.post(BASE + "/policies", BodyLimit.TRANSACTION, ctx -> signed(ctx, "issuePolicy", null, null));
    routes.post(BASE + "/policies/{id}/transfer", BodyLimit.TRANSACTION, ctx -> signed(ctx, "transferPolicy", "policy", ctx.pathParam("id")));
    routes.post(BASE + "/policies/{id}/renew", BodyLimit.TRANSACTION, ctx -> signed(ctx, "renewPolicy", "policy", ctx.pathParam("id")));
    routes.post(BASE + "/policies/{id}/cancel", BodyLimit.TRANSACTION, ctx -> signed(ctx, "cancelPolicy", "policy", ctx.pathParam("id")));
    // A claim's lines are clinical (procedures, the records they cite): each refusal is filed in the node's refusal log.
    ApiRoutes claims = routes.servingHealthData();
    claims.post(BASE + "/claims", this::submitClaim);
    claims.post(BASE + "/claims/{id}/approve", BodyLimit.TRANSACTION, ctx -> signed(ctx, "approveClaim", "claim", ctx.pathParam("id")));
    claims.post(BASE + "/claims/{id}/deny", BodyLimit.TRANSACTION, ctx -> signed(ctx, "denyClaim", "claim", ctx.pathParam("id")));
    claims.post(BASE + "/claims/{id}/withdraw", BodyLimit.TRANSACTION, ctx -> signed(ctx, "withdrawClaim", "claim", ctx.pathParam("id")));
    // A payment lists the claims it pays, and the node checks each claim's lines before submitting it.
    claims.post(BASE + "/payments", BodyLimit.TRANSACTION, this::payment);
    claims.get(BASE + "/claims", this::claims);
    claims.get(BASE + "/claims/{id}", this::claim);
    claims.get(BASE + "/claims/{id}/evidence/{n}", evidence::read);
    claims.get(BASE + "/claims/{id}/eob", this::eobReceipt);
    routes.get(BASE + "/policies", this::policies);
    routes.get(BASE + "/policies/{id}", this::policy);
    // Products and policies are coverage (who is insured, by which product, for what premium), no fact about her health.
    routes.openApi("openapi/insurance.json");
  }

  /** A clinician of this node's hospital bills; the node computes the line hashes and signs naming her. */
  private void submitClaim(Context ctx) {
    Identity who = Requests.identity(ctx);
    if (!who.organisation().equals(nodeOrganisation) || !who.hasRole("clinician")) {
      throw AuthException.forbidden("a claim is billed through the hospital's own node by one of its clinicians ("
          + nodeOrganisation + "); you are " + who.role() + " of " + who.organisation());
    }
    ClaimBilling b = billing.get().orElseThrow(() -> new ApiError(503, "unavailable",
        "this node has no insurance line-hash salt (secrets/" + LineHashSalt.FILE + "): it cannot bill"));
    Transaction tx = b.claim(ledger.state(), who, Requests.body(ctx));
    replies.respond(ctx, admission.submit(tx), null, true);
  }

  /** An insurer's signed {@code recordPayment}, submitted only if every line of every claim it pays has an honest hash. */
  private void payment(Context ctx) {
    Transaction tx = signedTransaction(ctx, "recordPayment");
    ClaimBilling b = billing.get().orElseThrow(() -> new ApiError(503, "unavailable",
        "this node has no insurance line-hash salt (secrets/" + LineHashSalt.FILE + "): it cannot check the lines it would pay"));
    String claims = tx.args().get("claims").orElseThrow(() -> ApiError.badRequest("transaction: argument 'claims' is missing"));
    List<Hash> ids = new ArrayList<>();
    for (String s : claims.split(",", -1)) {
      ids.add(InsuranceJson.parseHash(s, "transaction argument claims"));
    }
    b.requireHonestLineHashes(ledger.state(), ids);
    replies.respond(ctx, admission.submit(tx), null, wait(ctx));
  }

  /** A member's own signed transaction of {@code method}; for a route naming an id, the argument must name the same. */
  private void signed(Context ctx, String method, String idArg, String pathId) {
    Transaction tx = signedTransaction(ctx, method);
    if (idArg != null) {
      Hash id = InsuranceJson.parseHash(pathId, "path " + idArg + " id");
      String named = tx.args().get(idArg).orElse("");
      if (!named.equalsIgnoreCase(id.hex())) {
        throw ApiError.badRequest("transaction: argument '" + idArg + "' (" + named + ") is not the " + idArg
            + " of the path (" + id.hex() + ")");
      }
    }
    replies.respond(ctx, admission.submit(tx), null, wait(ctx));
  }

  private Transaction signedTransaction(Context ctx, String method) {
    JsonNode body = Requests.body(ctx);
    byte[] bytes;
    try {
      bytes = Hex.decode(InsuranceJson.text(body, "transaction"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("transaction: hex of a signed transaction is required (" + e.getMessage() + ")");
    }
    Transaction tx;
    try {
      tx = Transaction.decode(bytes);
    } catch (RuntimeException e) {
      throw ApiError.badRequest("transaction: not a signed transaction (" + e.getMessage() + ")");
    }
    if (!InsuranceContract.NAME.equals(tx.contract()) || !method.equals(tx.method())) {
      throw ApiError.badRequest("transaction: this route takes insurance." + method + ", not " + tx.contract() + "."
          + tx.method());
    }
    return tx;
  }

  private static boolean wait(Context ctx) {
    return !"false".equalsIgnoreCase(ctx.queryParam("wait"));
  }

  private void claim(Context ctx) {
    Identity who = Requests.identity(ctx);
    Hash id = InsuranceJson.parseHash(ctx.pathParam("id"), "claim id");
    StateReader state = ledger.state();
    Optional<Claim> c = InsuranceReads.claim(state, id);
    InsuranceAccess.View view = c.map(x -> access.claim(state, who, x)).orElse(InsuranceAccess.View.NONE);
    if (view == InsuranceAccess.View.NONE) {
      throw ApiError.notFound("no claim " + id.hex() + " that you may see");
    }
    ctx.json(InsuranceViews.claim(c.get(), clock.millis(), view == InsuranceAccess.View.FULL));
  }

  /**
   * The claim's EOB receipt at the head: the claim record as the head's state proves it, with its
   * figures. Checked on the record the proof carries, so what is checked is what is proven.
   */
  private void eobReceipt(Context ctx) {
    Identity who = Requests.identity(ctx);
    Hash id = InsuranceJson.parseHash(ctx.pathParam("id"), "claim id");
    long height = ledger.height();
    var proof = ledger.stateProof(InsuranceReads.claimKey(id), height).filter(p -> p.present());
    Optional<Claim> c = proof.map(p -> Claim.decode(p.value()));
    if (c.isEmpty() || !access.eob(ledger.state(), who, c.get())) {
      throw ApiError.notFound("no claim " + id.hex() + " whose EOB you may take (the patient's, her insurer's and the"
          + " regulator's)");
    }
    var header = ledger.signedHeader(height).orElseThrow(() -> ApiError.notFound("no block at height " + height));
    ctx.json(EobReceipt.document(c.get(), proof.get(), header, ledger.hashFunction(), ledger.validatorTransitions(height)));
  }

  /**
   * Claims the caller may see, optionally of one {@code status} (as shown: {@code escalated} too) or {@code policy}, a
   * page at a time, each at the height the first was read at ({@link ListPage}).
   */
  private void claims(Context ctx) {
    Identity who = Requests.identity(ctx);
    String status = statusParam(ctx, ClaimStatus.values(), "escalated");
    String policy = ctx.queryParam("policy");
    Hash policyId = policy == null ? null : InsuranceJson.parseHash(policy, "policy");
    ListPage page = ListPage.of(ctx);
    long now = clock.millis();
    ctx.json(StateAtHeight.read(ledger, page.height(), at -> {
      MemberAccess viewer = access.of(at.access(), who);
      List<Map<String, Object>> out = new ArrayList<>();
      String[] next = {null};
      at.scan("claim/", page.cursor() == null ? null : "claim/" + page.cursor(), (k, v) -> {
        Claim c = Claim.decode(v);
        if ((status != null && !c.shownStatus(now).equals(status)) || (policyId != null && !c.policy().equals(policyId))) {
          return true;
        }
        InsuranceAccess.View view = viewer.claim(c);
        if (view == InsuranceAccess.View.NONE) {
          return true;
        }
        if (out.size() == page.limit()) {
          next[0] = (String) out.get(out.size() - 1).get("id");
          return false;
        }
        out.add(InsuranceViews.claim(c, now, view == InsuranceAccess.View.FULL));
        return true;
      });
      return listAnswer("claims", out, next[0], at.height());
    }));
  }

  private void policy(Context ctx) {
    Identity who = Requests.identity(ctx);
    Hash id = InsuranceJson.parseHash(ctx.pathParam("id"), "policy id");
    StateReader state = ledger.state();
    Optional<Policy> p = InsuranceReads.policy(state, id);
    InsuranceAccess.View view = p.isEmpty() ? InsuranceAccess.View.NONE : access.policy(state, who, p.get());
    if (view == InsuranceAccess.View.NONE) {
      throw ApiError.notFound("no policy " + id.hex() + " that you may see");
    }
    ctx.json(InsuranceViews.policy(p.get(), InsuranceReads.history(state, id), view == InsuranceAccess.View.FULL));
  }

  /** Policies the caller may see, optionally of one {@code status}, a page at a time ({@link ListPage}). */
  private void policies(Context ctx) {
    Identity who = Requests.identity(ctx);
    String status = statusParam(ctx, PolicyStatus.values(), null);
    ListPage page = ListPage.of(ctx);
    ctx.json(StateAtHeight.read(ledger, page.height(), at -> {
      MemberAccess viewer = access.of(at.access(), who);
      List<Map<String, Object>> out = new ArrayList<>();
      String[] next = {null};
      at.scan("policy/", page.cursor() == null ? null : "policy/" + page.cursor(), (k, v) -> {
        Policy p = Policy.decode(v);
        InsuranceAccess.View view = viewer.policy(p);
        if ((status != null && !p.status().name().toLowerCase(Locale.ROOT).equals(status))
            || view == InsuranceAccess.View.NONE) {
          return true;
        }
        if (out.size() == page.limit()) {
          next[0] = (String) out.get(out.size() - 1).get("id");
          return false;
        }
        Map<String, Object> m = new LinkedHashMap<>(InsuranceViews.policy(p, List.of(), view == InsuranceAccess.View.FULL));
        m.remove("history");
        out.add(m);
        return true;
      });
      return listAnswer("policies", out, next[0], at.height());
    }));
  }

  /** A list page's answer: its items, the cursor of the next page (null on the last) and the height it was read at. */
  private static Map<String, Object> listAnswer(String name, List<Map<String, Object>> items, String next, long height) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(name, items);
    m.put("next", next);
    m.put("height", height);
    return m;
  }

  private static String statusParam(Context ctx, Enum<?>[] values, String extra) {
    String s = ctx.queryParam("status");
    if (s == null) {
      return null;
    }
    List<String> allowed = new ArrayList<>();
    for (Enum<?> v : values) {
      allowed.add(v.name().toLowerCase(Locale.ROOT));
    }
    if (extra != null) {
      allowed.add(extra);
    }
    if (!allowed.contains(s)) {
      throw ApiError.badRequest("status: '" + s + "' is not one of " + String.join(", ", allowed));
    }
    return s;
  }
}
