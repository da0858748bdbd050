package org.medledger.apps.care.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.care.contract.Milestone;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.admission.Admission;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.api.SubmissionReplies;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;

/**
 * Care over REST (docs/care.md, "REST"). A hospital's clinicians call their own node, which signs
 * {@code care.planVersion} and {@code care.milestone} naming her as the author (the contract
 * checks she is its clinician); a patient signs her own milestone with the SDK. The timeline is
 * read from one ledger state, its look logged on the ledger before it is answered, refused ones
 * too.
 */
final class CareRoutes {
  private final Ledger ledger;
  private final Admission admission;
  private final NodeTransactions transactions;
  private final SubmissionReplies replies;
  private final CareTimeline timeline;
  private final Clock clock;
  private final String nodeOrganisation;
  private final CareLooks looks;

  CareRoutes(Ledger ledger, Admission admission, CommitWaiters commits, NodeTransactions transactions, CareTimeline timeline,
      Clock clock, String nodeOrganisation) {
    this.ledger = ledger;
    this.admission = admission;
    this.transactions = transactions;
    this.replies = new SubmissionReplies(ledger, commits);
    this.timeline = timeline;
    this.clock = clock;
    this.nodeOrganisation = nodeOrganisation;
    this.looks = new CareLooks(transactions);
  }

  void register(ApiRoutes allRoutes) {
    // A patient's care: each refusal is filed in the node's refusal log.
    ApiRoutes routes = allRoutes.servingHealthData();
    routes.post("/v1/care/plans/versions", this::planVersion);
    routes.post("/v1/care/milestones", this::milestone);
    routes.get("/v1/care/patients/{id}/timeline", this::timeline);
    routes.get("/v1/care/milestones/{id}", this::oneMilestone);
    routes.get("/v1/care/patients/{id}/views", this::looks);
  }

  private void planVersion(Context ctx) {
    Identity who = ownClinician(ctx, "record a care plan or goal");
    JsonNode b = Requests.body(ctx);
    List<String> args = new ArrayList<>(List.of("author", who.certificateId().hex(), "patient", Requests.text(b, "patient"),
        "kind", Requests.text(b, "kind"), "record", Requests.text(b, "record"), "version", number(b, "version"),
        "reason", Requests.text(b, "reason")));
    if (b.hasNonNull("previous")) {
      args.addAll(List.of("previous", Requests.text(b, "previous")));
    }
    submit(ctx, transactions.sign(CareContract.NAME, CareContract.PLAN_VERSION, args.toArray(String[]::new)));
  }

  private void milestone(Context ctx) {
    Identity who = ownClinician(ctx, "record a milestone through the node (a patient signs her own with the SDK)");
    JsonNode b = Requests.body(ctx);
    List<String> args = new ArrayList<>(List.of("author", who.certificateId().hex(), "patient", Requests.text(b, "patient"),
        "type", Requests.text(b, "type")));
    for (String optional : List.of("chain", "record")) {
      if (b.hasNonNull(optional)) {
        args.addAll(List.of(optional, Requests.text(b, optional)));
      }
    }
    submit(ctx, transactions.sign(CareContract.NAME, CareContract.MILESTONE, args.toArray(String[]::new)));
  }

  private void timeline(Context ctx) {
    Caller viewer = Requests.caller(ctx);
    Hash patient = Requests.parseHash(ctx.pathParam("id"), "patient id");
    StateReader state = ledger.state();
    CareTimeline.Result r;
    try {
      r = timeline.build(state, viewer, patient, clock.millis());
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound(e.getMessage());
    }
    String auditTx = logLook(patient, viewer, r.served(), String.join(",", r.organisations()), r.entries());
    if (!r.served()) {
      ctx.status(403).json(Map.of("error", "forbidden", "message", r.refusal(), "audit", auditTx));
      return;
    }
    Map<String, Object> body = new java.util.LinkedHashMap<>(r.body());
    body.put("audit", auditTx);
    ctx.json(body);
  }

  /** Who looked at her timeline or milestones, served or refused: for the patient herself and for regulators. */
  private void looks(Context ctx) {
    Caller viewer = Requests.caller(ctx);
    Hash patient = Requests.parseHash(ctx.pathParam("id"), "patient id");
    StateReader state = ledger.state();
    if (!"regulator".equals(viewer.role()) && !timeline.isThePatient(state, viewer, patient)) {
      throw AuthException.forbidden("only the patient herself (or a regulator) sees who looked at her care");
    }
    List<Map<String, String>> looks = new ArrayList<>();
    for (var v : CareContract.viewsOf(state, patient)) {
      looks.add(v.toMap());
    }
    ctx.json(Map.of("patient", patient.hex(), "height", ledger.height(), "views", looks));
  }

  /**
   * One milestone: whole under the timeline's rules, bare when she shared it with the caller's
   * organisation and the share serves the caller (not its admin: {@link ShareReaders}).
   */
  private void oneMilestone(Context ctx) {
    Caller viewer = Requests.caller(ctx);
    Hash id = Requests.parseHash(ctx.pathParam("id"), "milestone id");
    StateReader state = ledger.state();
    long blockTime = ledger.headSignedHeader().header().timestamp();
    Milestone m = CareContract.milestone(state, id).orElseThrow(() -> ApiError.notFound("no milestone was recorded by"
        + " transaction " + id.hex()));
    Optional<Map<String, Object>> seen = timeline.milestone(state, viewer, m, clock.millis(), blockTime);
    String auditTx = logLook(m.patient(), viewer, seen.isPresent(), seen.isPresent() ? m.organisation() : "",
        seen.isPresent() ? 1 : 0, "milestone", id.hex());
    if (seen.isEmpty()) {
      ctx.status(403).json(Map.of("error", "forbidden", "message", "milestone " + id.hex() + " is not yours to see: "
          + refusal(viewer), "audit", auditTx));
      return;
    }
    Map<String, Object> body = new java.util.LinkedHashMap<>(seen.get());
    body.put("audit", auditTx);
    ctx.json(body);
  }

  /** Why a shared milestone is not the viewer's; never whether a share with her organisation exists. */
  private static String refusal(Caller viewer) {
    if (!ShareReaders.readsForHerOrganisation(viewer)) {
      return "a share with " + viewer.organisation() + " serves the members who read on its behalf, not its "
          + viewer.role() + "s (least privilege), and no other ground lets you see it";
    }
    return "the patient has not shared it with " + viewer.organisation() + ", or took the share back, or it ended";
  }

  private String logLook(Hash patient, Caller viewer, boolean served, String organisations, long entries, String... more) {
    return looks.log(patient, viewer, served, organisations, entries, more);
  }

  private Identity ownClinician(Context ctx, String action) {
    Identity who = Requests.identity(ctx);
    if (!who.organisation().equals(nodeOrganisation)) {
      throw AuthException.forbidden("this node writes only for " + nodeOrganisation + "'s clinicians; submit a signed"
          + " transaction instead");
    }
    if (!who.hasRole("clinician")) {
      throw AuthException.forbidden("only a clinician may " + action + ", you have '" + who.role() + "'");
    }
    return who;
  }

  private void submit(Context ctx, Transaction tx) {
    replies.respond(ctx, admission.submit(tx), null, true);
  }

  private static String number(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.canConvertToLong()) {
      throw ApiError.badRequest("field '" + field + "' is required and must be a whole number");
    }
    return Long.toString(n.asLong());
  }

}
