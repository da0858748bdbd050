package org.medledger.node.refusals;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.medledger.core.refusals.RefusalLogAnchor;
import org.medledger.core.refusals.RefusalLogAnchorContract;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.PatientMetadataVisibility;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.Identity;

/**
 * Reading the refusal log. {@code GET /v1/audit/refusals}: the whole log, to an admin of this
 * node's own organisation and to any regulator. {@code GET /v1/patients/{id}/refusals}: the
 * entries whose path named her id, to that patient alone. The role and organisation are the
 * ledger's: the API server re-checks the token's certificate against the ledger on every request
 * (registered, in standing, with the organisation and role the token names) before a handler runs.
 * Both routes serve health data, so every refusal of them is itself filed. The log's answer says
 * too whether the log still holds every head this node anchored on the ledger ({@link
 * AnchorCheck}); {@code GET /v1/audit/refusal-anchors?node=} serves any node's anchors from the
 * ledger to the same readers, so a regulator compares what a node serves with what it committed.
 */
public final class RefusalRoutes {
  private static final Pattern PATIENT_ID = Pattern.compile("[0-9a-f]{64}");
  /** What {@code patient=} may hold: an id as a path would carry it. */
  private static final Pattern NAMING = Pattern.compile("[0-9A-Za-z._:-]{1,128}");

  private final RefusalLog log;
  private final RefusalAnchorer anchors;
  private final String nodeOrganisation;
  private final Supplier<StateReader> state;
  private final Supplier<Optional<PatientMetadataVisibility>> patients;

  /**
   * @param patients the health-records application's rule for whose metadata a caller may see
   *     (a patient sees her own): empty on a chain without it, where no patient reads here
   */
  public RefusalRoutes(RefusalLog log, RefusalAnchorer anchors, String nodeOrganisation, Supplier<StateReader> state,
      Supplier<Optional<PatientMetadataVisibility>> patients) {
    this.log = log;
    this.anchors = anchors;
    this.nodeOrganisation = nodeOrganisation;
    this.state = state;
    this.patients = patients;
  }

  public void register(ApiRoutes routes) {
    ApiRoutes healthData = routes.servingHealthData();
    healthData.get("/v1/audit/refusals", this::all);
    healthData.get("/v1/patients/{id}/refusals", this::ofPatient);
    // Numbers and hashes only, nothing naming a patient: not a route serving health data.
    routes.get("/v1/audit/refusal-anchors", this::anchors);
  }

  private void requireReader(Context ctx) {
    Identity who = Requests.identity(ctx);
    boolean reader = who.hasRole("regulator") || who.hasRole("admin") && who.organisation().equals(nodeOrganisation);
    if (!reader) {
      throw AuthException.forbidden("not_a_refusal_log_reader", "the refusal log is read by an admin of " + nodeOrganisation
          + " (this node's organisation) or a regulator; you are " + who.role() + " of " + who.organisation());
    }
  }

  /** A node's anchors as the ledger holds them (this node's when {@code node} is not given), oldest first. */
  private void anchors(Context ctx) {
    requireReader(ctx);
    String node = ctx.queryParam("node");
    if (node != null && !PATIENT_ID.matcher(node).matches()) {
      throw ApiError.badRequest("node is a node certificate id: 64 lower-case hex characters");
    }
    if (node == null && anchors == null) {
      throw ApiError.badRequest("this node anchors nothing: name a node (node=<certificate id>)");
    }
    Hash id = node != null ? Hash.fromHex(node) : anchors.node();
    long after = ctx.queryParam("after") == null ? -1 : Requests.parseLong(ctx.queryParam("after"), "after");
    long limit = ctx.queryParam("limit") == null ? 100 : Requests.parseLong(ctx.queryParam("limit"), "limit");
    if (after < -1 || limit < 1 || limit > RefusalLog.MAX_PAGE) {
      throw ApiError.badRequest("after is an anchor's index (0 or more) and limit 1 to " + RefusalLog.MAX_PAGE);
    }
    StateReader s = state.get();
    long total = RefusalLogAnchorContract.count(s, id);
    List<RefusalLogAnchor> page = RefusalLogAnchorContract.list(s, id, after + 1, (int) limit);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", id.hex());
    m.put("count", total);
    List<Object> out = new ArrayList<>(page.size());
    page.forEach(a -> out.add(view(a)));
    m.put("anchors", out);
    long last = page.isEmpty() ? after : page.get(page.size() - 1).index();
    m.put("next", last + 1 < total && !page.isEmpty() ? last : null);
    ctx.json(m);
  }

  private static Map<String, Object> view(RefusalLogAnchor a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", a.index());
    m.put("sequence", a.sequence());
    m.put("head", a.head().hex());
    m.put("from", java.time.Instant.ofEpochMilli(a.fromMillis()).toString());
    m.put("to", java.time.Instant.ofEpochMilli(a.toMillis()).toString());
    m.put("height", a.height());
    m.put("transaction", a.transaction().hex());
    return m;
  }

  private void all(Context ctx) {
    requireReader(ctx);
    String naming = ctx.queryParam("patient");
    if (naming != null && !NAMING.matcher(naming).matches()) {
      throw ApiError.badRequest("patient is an id of 1 to 128 letters, digits, '.', '_', ':' or '-'");
    }
    boolean verify = "true".equalsIgnoreCase(ctx.queryParam("verify"));
    ctx.json(answer(ctx, naming, verify));
  }

  private void ofPatient(Context ctx) {
    Identity who = Requests.identity(ctx);
    String id = ctx.pathParam("id");
    if (!PATIENT_ID.matcher(id).matches()) {
      throw ApiError.badRequest("a patient id is 64 lower-case hex characters");
    }
    // A patient-role caller the records rule lets see this patient's metadata is that patient
    // (the rule's other readers are regulators and caregivers, never a patient).
    Optional<PatientMetadataVisibility> rule = patients.get();
    boolean herself = who.hasRole("patient") && rule.isPresent()
        && rule.get().maySee(state.get(), Requests.caller(ctx), Hash.fromHex(id));
    if (!herself) {
      throw AuthException.forbidden("not_this_patient", "a patient's refused requests are listed to that patient alone"
          + " (an admin of " + nodeOrganisation + " or a regulator reads GET /v1/audit/refusals)");
    }
    ctx.json(answer(ctx, id, false));
  }

  private Map<String, Object> answer(Context ctx, String naming, boolean verify) {
    long after = ctx.queryParam("after") == null ? 0 : Requests.parseLong(ctx.queryParam("after"), "after");
    long limit = ctx.queryParam("limit") == null ? 100 : Requests.parseLong(ctx.queryParam("limit"), "limit");
    if (after < 0 || limit < 1 || limit > RefusalLog.MAX_PAGE) {
      throw ApiError.badRequest("after is 0 or more and limit 1 to " + RefusalLog.MAX_PAGE);
    }
    RefusalLog.Page page = log.page(after, (int) limit, naming);
    Map<String, Object> m = new LinkedHashMap<>();
    List<Object> entries = new ArrayList<>(page.entries().size());
    for (RefusalEntry e : page.entries()) {
      entries.add(view(e));
    }
    m.put("entries", entries);
    m.put("next", page.next());
    ChainCheck head = verify ? log.check() : log.headNow();
    Map<String, Object> chain = new LinkedHashMap<>();
    chain.put("first", head.first());
    chain.put("last", head.last());
    chain.put("head", head.head().hex());
    chain.put("anchor", head.anchor().hex());
    chain.put("retained", log.retained());
    if (verify) {
      chain.put("intact", head.intact());
      chain.put("checked", head.entries());
      if (!head.intact()) {
        chain.put("problem", head.problem());
      }
    }
    m.put("chain", chain);
    if (anchors != null) {
      AnchorCheck c = anchors.check();
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("node", anchors.node().hex());
      a.put("verdict", c.verdict());
      a.put("anchors", c.anchors());
      a.put("checked", c.checked());
      a.put("beforeRetained", c.beforeRetained());
      a.put("latest", c.latest() == null ? null : view(c.latest()));
      if (!c.consistent()) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sequence", c.diverging().sequence());
        d.put("block", c.diverging().height());
        d.put("problem", c.problem());
        a.put("diverges", d);
      }
      m.put("anchored", a);
    }
    return m;
  }

  /** An entry as JSON, with its own hash so a reader can follow the chain across a page. */
  private Map<String, Object> view(RefusalEntry e) {
    Refusal r = e.refusal();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sequence", e.sequence());
    m.put("time", java.time.Instant.ofEpochMilli(e.time()).toString());
    m.put("source", r.source());
    m.put("method", r.method());
    m.put("path", r.path());
    m.put("status", r.status());
    m.put("reason", r.reason());
    Map<String, Object> who = new LinkedHashMap<>();
    RefusalRequester q = r.requester();
    who.put("basis", q.basis().wireName());
    if (q.basis() != RefusalRequester.Basis.NONE) {
      who.put("certificate", q.certificate() == null ? null : q.certificate().hex());
      who.put("organisation", q.organisation());
      who.put("role", q.role());
      who.put("name", q.name());
    }
    m.put("requester", who);
    m.put("previous", e.previous().hex());
    m.put("hash", e.hash(log.hashFunction()).hex());
    return m;
  }
}
