package org.medledger.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.admission.Rejection;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.ChallengeService;
import org.medledger.node.auth.Identity;
import org.medledger.node.auth.TokenService;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.application.FhirResources;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;

/**
 * The REST API under /v1. Handlers parse, call the domain, and map results and errors to HTTP;
 * no business rule lives here. The platform's own routes are here; applications add theirs
 * through {@link #routes()} and {@link #fhir()}. Every route needs a bearer token unless it was
 * registered {@link ApiRoutes.Access#PUBLIC} (health, the OpenAPI document, the auth handshake).
 */
public final class ApiServer implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiServer.class);
  private static final long COMMIT_WAIT_SECONDS = 30;

  private final Ledger ledger;
  private final String signingChainId;
  private final Admission admission;
  private final CommitWaiters waiters;
  private final ChallengeService challenges;
  private final TokenService tokens;
  private final String nodeOrganisation;
  private final RouteTable routes = new RouteTable();
  /** Its links and Locations name the node's public address (publicBase), never a request's Host. */
  private final FhirDispatcher fhir = new FhirDispatcher(this::publicBase, java.time.Clock.systemUTC());
  /** Entries applications add to /v1/health, by name. */
  private final Map<String, java.util.function.Supplier<Object>> healthEntries = new java.util.TreeMap<>();
  private String openApiDocument;
  /** Finds a transaction's sender certificate for its receipt (pure: the genesis and the ledger's state). */
  private final org.medledger.core.membership.Membership membership;
  /** Proves a voted-in organisation's membership in its users' receipts. */
  private final org.medledger.node.ledger.SenderMembershipProofs senderMemberships;
  private final java.util.function.BooleanSupplier ordering;
  private final ObjectMapper mapper = new ObjectMapper();
  private Javalin app;

  public ApiServer(Ledger ledger, Admission admission, CommitWaiters waiters, ChallengeService challenges,
      TokenService tokens, String nodeOrganisation, java.util.function.BooleanSupplier orderingRunning) {
    this.ordering = orderingRunning;
    this.ledger = ledger;
    this.signingChainId = ledger.genesis().signingChainId();
    this.admission = admission;
    this.waiters = waiters;
    this.challenges = challenges;
    this.tokens = tokens;
    this.nodeOrganisation = nodeOrganisation;
    this.membership = new org.medledger.core.membership.Membership(ledger.genesis());
    this.senderMemberships = new org.medledger.node.ledger.SenderMembershipProofs(ledger);
    this.evidenceView = new org.medledger.node.bft.EvidenceView(ledger.genesis());
  }

  private final org.medledger.node.bft.EvidenceView evidenceView;

  /** Where applications register their REST routes, before {@link #start}. */
  public ApiRoutes routes() {
    return routes;
  }

  /** Where applications register the FHIR resource types they serve, before {@link #start}. */
  public FhirResources fhir() {
    return fhir;
  }

  /** Adds {@code name} to /v1/health, computed on each request. */
  public synchronized void healthEntry(String name, java.util.function.Supplier<Object> value) {
    if (healthEntries.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException("health entry '" + name + "' is already registered");
    }
  }

  /** Every API route the server serves now, as "METHOD /path" (the live table, for the OpenAPI check; the portal's pages are not API). */
  public java.util.List<String> liveRoutes() {
    return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream().map(e -> e.getEndpoint())
        .filter(e -> e.getMethod().isHttpMethod() && !org.medledger.node.ui.Portal.owns(e.getPath()))
        .map(e -> e.getMethod().name() + " " + e.getPath()).sorted().toList();
  }

  /** The routes registered as serving health data, as "METHOD /path": those whose refusals the refusal log files. */
  public java.util.List<String> healthDataRoutes() {
    return routes.routes().stream().filter(r -> r.serves() == ApiRoutes.Serves.HEALTH_DATA).map(RouteTable.Route::key)
        .sorted().toList();
  }

  /**
   * Who may see a committed transaction or a state key, by the rules applications provide
   * ({@link org.medledger.node.application.MetadataRule}: health records hide health metadata):
   * visible only when every rule allows it.
   */
  public ApiServer withMetadataRules(java.util.function.Supplier<java.util.List<org.medledger.node.application.MetadataRule>> rules) {
    this.metadataRules = rules;
    return this;
  }

  private java.util.function.Supplier<java.util.List<org.medledger.node.application.MetadataRule>> metadataRules = java.util.List::of;

  /** The chain's contracts, whose key forms decide which absences a state receipt may prove. */
  public ApiServer withContracts(org.medledger.core.runtime.ContractRegistry contracts) {
    this.keyShapes = new StateKeyShapes(contracts);
    return this;
  }

  private StateKeyShapes keyShapes;

  /** Adds the ordering's own figures (peers linked, evidence seen) to /v1/health. */
  public ApiServer withHealthDetails(java.util.function.Supplier<Map<String, Object>> details) {
    this.healthDetails = details;
    return this;
  }

  private java.util.function.Supplier<Map<String, Object>> healthDetails = Map::of;

  /**
   * Why /v1/health says degraded though ordering runs (no quorum reachable, shards not placed):
   * each a sentence for the operator; empty when all is well.
   */
  public ApiServer withHealthProblems(java.util.function.Supplier<java.util.List<String>> problems) {
    this.healthProblems = problems;
    return this;
  }

  private java.util.function.Supplier<java.util.List<String>> healthProblems = java.util.List::of;

  /** Why ordering stopped, when it says (an upgrade this release does not run); null: see the node log. */
  public ApiServer withStopReason(java.util.function.Supplier<String> reason) {
    this.stopReason = reason;
    return this;
  }

  private volatile java.util.function.Supplier<String> stopReason = () -> null;

  private String stoppedText() {
    String reason = stopReason.get();
    return "ordering stopped: " + (reason == null ? "see the node log" : reason);
  }

  /** Serves GET /metrics to whoever holds the scrape token (and to nobody else). */
  public ApiServer withMetrics(java.util.function.Supplier<String> scrape, org.medledger.node.metrics.ScrapeToken token) {
    this.metrics = new MetricsRoute(scrape, token);
    return this;
  }

  private MetricsRoute metrics;

  /** /health/ready's test: what to compare the chain with (the best height a peer announced). */
  public ApiServer withReadiness(java.util.function.LongSupplier bestPeerHeight) {
    this.probes = new HealthProbes(ordering, ledger::height, bestPeerHeight, this::stoppedText);
    return this;
  }

  private HealthProbes probes;

  private RequestBudget budget;
  private HeldAnswers heldAnswers;
  private RequestIds requestIds = new RequestIds("node");

  /** The node's name on the log lines its requests write. */
  public ApiServer withNodeName(String nodeName) {
    this.requestIds = new RequestIds(nodeName);
    return this;
  }
  private org.medledger.node.ui.Portal portal;

  /** Serves the web portal under /ui on this server (its own sessions; the API's bearer check leaves it alone). */
  public ApiServer withPortal(org.medledger.node.ui.Portal portal) {
    this.portal = portal;
    return this;
  }

  private org.medledger.node.refusals.RefusalLog refusalLog;
  private java.util.function.Supplier<java.util.Optional<org.medledger.node.application.PatientMetadataVisibility>> patients =
      java.util.Optional::empty;

  /**
   * Files every refused request to a route serving health data in {@code log}, and serves it
   * ({@code GET /v1/audit/refusals}, {@code GET /v1/patients/{id}/refusals}); {@code patients} is
   * the records application's rule by which a patient sees her own entries (docs/security.md,
   * "Refused requests").
   */
  public ApiServer withRefusalLog(org.medledger.node.refusals.RefusalLog log,
      java.util.function.Supplier<java.util.Optional<org.medledger.node.application.PatientMetadataVisibility>> patients) {
    this.refusalLog = log;
    this.patients = patients;
    return this;
  }

  /** The tarpit's counts (held refusals, most held at once, shed), for tests and the operator. */
  public Tarpit.Counts tarpitCounts() {
    return budget == null ? new Tarpit.Counts(0, 0, 0, 0, 0) : budget.tarpitCounts();
  }

  private org.medledger.node.refusals.RefusalAnchorer refusalAnchors;

  /**
   * With the heads this node anchored on the ledger held against its refusal log (in the answer
   * of {@code GET /v1/audit/refusals}), and {@code GET /v1/audit/refusal-anchors} serving any
   * node's anchors.
   */
  public ApiServer withRefusalAnchors(org.medledger.node.refusals.RefusalAnchorer anchors) {
    this.refusalAnchors = anchors;
    return this;
  }

  /** Replaces the default budgets (body size per route, requests per client): for tests and tuning. */
  public ApiServer withBudget(RequestBudget budget) {
    this.budget = budget;
    return this;
  }

  /**
   * Serves on {@code host:port} as {@code transport} says: HTTPS, or plain HTTP on loopback when
   * chosen. Refuses, naming the setting, any other binding (plain HTTP off loopback, none chosen).
   */
  public ApiServer start(String host, int port, org.medledger.node.config.ApiTransport transport) {
    java.util.Optional<String> refused = transport.bindingProblem(host);
    if (refused.isPresent()) {
      throw new IllegalStateException("the REST API does not start: " + refused.get());
    }
    HttpsConnector https = transport.isTls() ? HttpsConnector.load(transport.tlsCertificate(), transport.tlsPrivateKey()) : null;
    this.transport = transport;
    if (budget == null) {
      budget = new RequestBudget(BodyLimits.forTransactions(ledger.genesis().parameters().maxTransactionBytes()),
          RequestBudget.Rates.DEFAULTS, new ClientRateLimiter(java.time.Clock.systemUTC(), 100_000),
          new Tarpit(java.time.Clock.systemUTC(), Tarpit.Rules.DEFAULTS), tokens);
    }
    RequestBudget requestBudget = budget.withRouteLimits(routes::bodyLimit);
    if (portal != null) {
      requestBudget.withSessionMembers(portal::sessionMember);
    }
    registerPlatformRoutes();
    fhir.registerRoutes(routes);
    this.openApiDocument = OpenApiDocument.merged("/openapi.json", routes.openApiFragments());
    app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      // The largest class's limit (a record upload, ~101 MiB); each route's own is checked first.
      cfg.http.maxRequestSize = requestBudget.bodies().largest();
      cfg.jsonMapper(new JavalinJackson(mapper, false));
      cfg.useVirtualThreads = false;
      if (https != null) {
        // The only connector: no plain-HTTP port is opened beside it.
        cfg.jetty.addConnector((server, http) -> https.connector(server, http, host, port));
      }
    });
    heldAnswers = new HeldAnswers(app.jettyServer().threadPool());
    requestBudget.withHeldAnswers(heldAnswers);
    // Before all: every line logged for the request carries its id and the node (RequestIds).
    app.before(requestIds::begin);
    if (refusalLog != null) {
      // After the answer, status and all, is decided (exceptions mapped): the refusal is filed with its request id on the line.
      app.after(new RefusalRecorder(refusalLog)::afterRequest);
    }
    app.after(requestIds::end);
    // First of all, so that every answer under a prefix carries them: the server's 401, 413, 429, 5xx too.
    app.before(ctx -> routes.responseHeaders(ctx.path()).forEach(ctx::header));
    app.beforeMatched(requestBudget::enforce); // before any work is done for the request
    app.beforeMatched(requestBudget::refuseHeld); // a 429 the tarpit held, when its delay is up
    app.beforeMatched(this::authenticate);
    app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
    app.exception(AuthException.class, (e, ctx) -> {
      Refusals.answered(ctx, e.reason());
      error(ctx, e.isThrottled() ? 429 : e.isForbidden() ? 403 : 401,
          e.isThrottled() ? "too_many_requests" : e.isForbidden() ? "forbidden" : "unauthorized", e.getMessage());
    });
    app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
    // A receipt whose block (or a validator-set change it carries) needs a state this node pruned.
    app.exception(org.medledger.node.ledger.StatePrunedException.class, (e, ctx) -> error(ctx, 404, "not_found",
        e.getMessage() + "; ask a node that keeps it"));
    // Jetty's own refusals while a handler reads the body (a body slower than the connector's
    // minimum rate: 408): the client's doing, answered with Jetty's status, not a 500.
    app.exception(org.eclipse.jetty.http.BadMessageException.class, (e, ctx) -> error(ctx, e.getCode(), "bad_message",
        e.getReason()));
    app.exception(Exception.class, (e, ctx) -> {
      // The route, not the path: a path may hold a download link, itself a credential.
      LOG.error("{} {} failed", ctx.method(), ctx.endpointHandlerPath(), e);
      error(ctx, 500, "internal", "internal error; see the node log");
    });
    app.error(404, ctx -> {
      if (portal != null && org.medledger.node.ui.Portal.owns(ctx.path())) {
        // Javalin's own "Endpoint ... not found" text is replaced; a page's own 404 page is kept.
        if (ctx.result() == null || !ctx.result().startsWith("<!doctype html>")) {
          portal.notFound(ctx);
        }
        return;
      }
      String result = ctx.result();
      if (result == null || !result.startsWith("{")) {
        error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path());
      }
    });
    app.error(405, ctx -> {
      String result = ctx.result();
      if (result == null || !result.startsWith("{")) { // a handler's own 405 (a FHIR OperationOutcome) stands
        error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path());
      }
    });

    routes.mount(app);
    if (portal != null) {
      portal.mount(app);
    }
    boundHost = host;
    if (https != null) {
      app.start();
    } else {
      app.start(host, port);
    }
    return this;
  }

  /** The platform's own routes, registered like an application's: access and body size with each. */
  private void registerPlatformRoutes() {
    routes.add(io.javalin.http.HandlerType.GET, "/v1/health", ApiRoutes.Access.PUBLIC, this::health);
    if (probes == null) {
      probes = new HealthProbes(ordering, ledger::height, ledger::height, this::stoppedText);
    }
    probes.register(routes);
    if (metrics != null) {
      // Public to the API's bearer check: the route checks its own token, the scrape token.
      routes.add(io.javalin.http.HandlerType.GET, "/metrics", ApiRoutes.Access.PUBLIC, metrics::serve);
    }
    routes.add(io.javalin.http.HandlerType.GET, "/v1/openapi.json", ApiRoutes.Access.PUBLIC, this::openApi);
    routes.add(io.javalin.http.HandlerType.POST, "/v1/auth/challenge", ApiRoutes.Access.PUBLIC, this::challenge);
    routes.add(io.javalin.http.HandlerType.POST, "/v1/auth/token", ApiRoutes.Access.PUBLIC, this::token);
    // The handshake's bodies are standard, and public: bodyBudget's 16 KiB after the budget's 64 KiB.
    routes.post("/v1/auth/refresh", this::refresh);
    routes.post("/v1/transactions", BodyLimit.TRANSACTION, this::submit);
    routes.post("/v1/transactions/batch", BodyLimit.TRANSACTION_BATCH, this::submitBatch);
    routes.get("/v1/transactions/{id}", this::transaction);
    routes.get("/v1/blocks/latest", ctx -> block(ctx, ledger.height()));
    routes.get("/v1/blocks/{height}", ctx -> block(ctx, parseLong(ctx.pathParam("height"), "height")));
    routes.get("/v1/proofs/inclusion/{txId}", this::inclusionProof);
    routes.get("/v1/proofs/consistency", this::consistencyProof);
    routes.get("/v1/receipts/tx/{txId}", this::transactionReceipt);
    routes.get("/v1/receipts/state", this::stateReceipt);
    routes.get("/v1/consensus/evidence", this::evidence);
    new org.medledger.node.governance.GovernanceRoutes(ledger).register(routes);
    if (refusalLog != null) {
      new org.medledger.node.refusals.RefusalRoutes(refusalLog, refusalAnchors, nodeOrganisation, ledger::state, patients)
          .register(routes);
    }
  }

  public int port() {
    return app.port();
  }

  private String boundHost = "127.0.0.1";
  private org.medledger.node.config.ApiTransport transport = org.medledger.node.config.ApiTransport.UNSET;

  /**
   * Where clients reach this API: the configured {@code api.publicUrl}, else the address it is
   * bound to (a wildcard bind needs api.publicUrl to start), never anything a request says.
   */
  public String publicBase() {
    return transport.publicBase().orElseGet(() -> {
      String h = boundHost;
      return transport.scheme() + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + app.port();
    });
  }

  /** Anonymous routes read a certificate or a signature: a few KiB. */
  static final long MAX_ANONYMOUS_BODY_BYTES = 16 * 1024;
  /** Every other standard route, however the operator sizes the standard class. */
  static final long MAX_BODY_BYTES = 1 << 20;

  /**
   * Refuses, before reading it, a body larger than its route needs: the ~100 MiB the server
   * allows is for document uploads only, not for anyone posting to an anonymous route. A route of
   * a larger class ({@link BodyLimit#isLarge}) is bounded by its class alone, in the request budget.
   */
  private void bodyBudget(Context ctx, boolean isPublic) {
    if (routes.bodyLimit(ctx.method(), ctx.endpointHandlerPath()).isLarge()) {
      return;
    }
    long length = ctx.contentLength();
    long limit = isPublic ? MAX_ANONYMOUS_BODY_BYTES : MAX_BODY_BYTES;
    if (length > limit) {
      throw new ApiError(413, "too_large", ctx.method() + " " + ctx.endpointHandlerPath() + " takes a body of at most "
          + limit + " bytes; this one is " + length);
    }
  }

  private void authenticate(Context ctx) {
    // Who may call is the registration's (routes.add), never the look of the path.
    java.util.Optional<RouteTable.Route> route = routes.route(ctx.method(), ctx.endpointHandlerPath());
    route.ifPresent(r -> ctx.attribute(Refusals.ROUTE, r));
    boolean isPublic = route.map(r -> r.access() == ApiRoutes.Access.PUBLIC).orElse(false);
    bodyBudget(ctx, isPublic);
    // The portal signs its visitors in itself (sessions over the same certificate challenge).
    if (isPublic || isPublicStateReceipt(ctx) || (portal != null && org.medledger.node.ui.Portal.owns(ctx.path()))) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw AuthException.unauthenticated("no_token", "missing bearer token: POST /v1/auth/challenge then /v1/auth/token to get one");
    }
    String token = header.substring(7).trim();
    Identity who;
    try {
      who = tokens.verify(token);
    } catch (AuthException e) {
      // Whom the refused token claims to be, filed as a claim only (the refusal log).
      TokenService.claimed(token).ifPresent(claimed -> ctx.attribute(Refusals.CLAIMED, claimed));
      throw e;
    }
    // Signed transactions carry their own proof and admission checks their sender on the
    // ledger, so a certificate may submit its own registration before it is registered.
    // Everything else re-checks the certificate's standing on every request: a revoked
    // clinician's token stops working at the next request, not when it expires.
    if (!isTransactionSubmission(ctx)) {
      try {
        challenges.requireStanding(who);
      } catch (AuthException e) {
        // A token this node issued, to a certificate the ledger no longer stands behind: a claim now.
        ctx.attribute(Refusals.CLAIMED, who);
        Refusals.answered(ctx, "certificate_not_in_standing");
        throw e;
      }
    }
    ctx.attribute(Requests.IDENTITY, who);
  }

  private static boolean isTransactionSubmission(Context ctx) {
    return ctx.method() == io.javalin.http.HandlerType.POST
        && (ctx.path().equals("/v1/transactions") || ctx.path().equals("/v1/transactions/batch"));
  }

  /**
   * A state receipt under a prefix an application made public (a drug pack's state, which a
   * public check itself tells anyone) is fetchable by the consumer who scanned it, without a token.
   */
  private boolean isPublicStateReceipt(Context ctx) {
    String key = ctx.queryParam("key");
    return "/v1/receipts/state".equals(ctx.endpointHandlerPath()) && key != null && routes.isPublicStateKey(key);
  }

  static Identity identity(Context ctx) {
    return Requests.identity(ctx);
  }

  private static void error(Context ctx, int status, String code, String message) {
    Refusals.answered(ctx, code);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    ctx.status(status).json(body);
  }

  private void health(Context ctx) {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean ok = ordering.getAsBoolean();
    java.util.List<String> problems = new java.util.ArrayList<>();
    if (!ok) {
      problems.add(stoppedText());
    }
    problems.addAll(healthProblems.get());
    m.put("status", problems.isEmpty() ? "ok" : "degraded");
    m.put("problems", problems);
    m.put("ordering", ok ? "running" : stoppedText().substring("ordering ".length()));
    m.put("chainId", ledger.genesis().chainId());
    // What a signed read request names (docs/format.md, "Signed read request").
    m.put("signingChainId", signingChainId);
    m.put("suite", ledger.genesis().suite());
    m.put("height", ledger.height());
    m.put("logSize", ledger.logSize());
    // The next block's set, as the ledger records it (the genesis's until a change takes effect).
    m.put("validators", org.medledger.core.governance.ValidatorHistory.at(ledger.genesis(), ledger.state(),
        ledger.height() + 1).size());
    m.putAll(healthDetails.get());
    healthEntries.forEach((name, value) -> m.put(name, value.get()));
    m.put("committedEvidence", evidenceView.summary(ledger.state()));
    ctx.status(ok ? 200 : 503).json(m);
  }

  /**
   * The regulator's view of evidence of equivocation. The role is the token's, which {@link
   * #authenticate} has just checked against the certificate registered on the ledger and the
   * roles the genesis grants its organisation.
   */
  private void evidence(Context ctx) {
    Identity who = identity(ctx);
    if (!who.hasRole("regulator")) {
      throw AuthException.forbidden("evidence of equivocation is listed for regulators; your role is '" + who.role()
          + "' (its count and latest are in /v1/health)");
    }
    String from = ctx.queryParam("from");
    String limit = ctx.queryParam("limit");
    long start = from == null ? 0 : parseLong(from, "from");
    long max = limit == null ? 100 : parseLong(limit, "limit");
    if (start < 0 || max < 1 || max > org.medledger.node.bft.EvidenceView.MAX_PAGE) {
      throw ApiError.badRequest("from must be 0 or more and limit 1 to " + org.medledger.node.bft.EvidenceView.MAX_PAGE);
    }
    var state = ledger.state();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", org.medledger.core.evidence.EvidenceContract.count(state));
    m.put("from", start);
    m.put("evidence", evidenceView.list(state, start, (int) max));
    ctx.json(m);
  }

  /** The platform's document with every application's fragment merged in at start. */
  private void openApi(Context ctx) {
    ctx.contentType("application/json").result(openApiDocument);
  }

  static JsonNode body(Context ctx) {
    return Requests.body(ctx);
  }

  private static String text(JsonNode body, String field) {
    return Requests.text(body, field);
  }

  private void challenge(Context ctx) {
    String c = challenges.challenge(text(body(ctx), "certificate"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("challenge", c);
    m.put("chainId", ledger.genesis().chainId());
    m.put("node", challenges.nodeId().hex());
    // For people; the SDK builds this text itself from the node it means to talk to.
    m.put("sign", new String(ChallengeService.messageToSign(ledger.genesis().chainId(), challenges.nodeId(), c),
        StandardCharsets.UTF_8));
    m.put("expiresInSeconds", ChallengeService.CHALLENGE_LIFETIME_MILLIS / 1000);
    ctx.json(m);
  }

  private void token(Context ctx) {
    JsonNode b = body(ctx);
    TokenService.Issued t = challenges.token(text(b, "challenge"), text(b, "signature"));
    Identity who = tokens.verify(t.token());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token", t.token());
    m.put("expiresAt", t.expiresAt());
    m.put("organisation", who.organisation());
    m.put("role", who.role());
    ctx.json(m);
  }

  /** A new short-lived token for the bearer, after its certificate is re-checked. */
  private void refresh(Context ctx) {
    Identity who = identity(ctx);
    TokenService.Issued t = challenges.refresh(who);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token", t.token());
    m.put("expiresAt", t.expiresAt());
    m.put("organisation", who.organisation());
    m.put("role", who.role());
    ctx.json(m);
  }

  private void submit(Context ctx) {
    byte[] bytes;
    if ("application/octet-stream".equalsIgnoreCase(ctx.contentType())) {
      bytes = ctx.bodyAsBytes();
    } else {
      try {
        bytes = Hex.decode(text(body(ctx), "transaction"));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("field 'transaction' must be hex: " + e.getMessage());
      }
    }
    boolean wait = "true".equalsIgnoreCase(ctx.queryParam("wait"));
    AdmissionResult r = admission.submit(bytes);
    respondToSubmission(ctx, r, wait ? null : CompletableFuture.completedFuture(null), wait);
  }

  /**
   * Many signed transactions in one request: JSON {"transactions": [hex, …]} or a binary body of
   * u32 count then count × (u32 length, bytes). Each gets its own result, in order.
   */
  private void submitBatch(Context ctx) {
    java.util.List<byte[]> txs = new java.util.ArrayList<>();
    if ("application/octet-stream".equalsIgnoreCase(ctx.contentType())) {
      try {
        org.medledger.core.codec.CanonicalReader r = new org.medledger.core.codec.CanonicalReader(ctx.bodyAsBytes());
        int n = r.count("batch.count", MAX_BATCH);
        for (int i = 0; i < n; i++) {
          txs.add(r.bytes("batch.transaction", ledger.genesis().parameters().maxTransactionBytes() + 1));
        }
        r.expectEnd("batch");
      } catch (org.medledger.core.codec.DecodeException e) {
        throw ApiError.badRequest("batch body: " + e.getMessage());
      }
    } else {
      JsonNode arr = body(ctx).get("transactions");
      if (arr == null || !arr.isArray()) {
        throw ApiError.badRequest("field 'transactions' must be an array of hex strings");
      }
      if (arr.size() > MAX_BATCH) {
        throw ApiError.badRequest("a batch holds at most " + MAX_BATCH + " transactions, got " + arr.size());
      }
      for (JsonNode n : arr) {
        try {
          txs.add(Hex.decode(n.asText()));
        } catch (IllegalArgumentException e) {
          throw ApiError.badRequest("transactions[" + txs.size() + "] is not hex: " + e.getMessage());
        }
      }
    }
    java.util.List<Object> results = new java.util.ArrayList<>(txs.size());
    int accepted = 0;
    for (AdmissionResult r : admission.submitAll(txs)) {
      if (r instanceof AdmissionResult.Accepted a) {
        accepted++;
        results.add(Map.of("txId", a.txId().hex(), "status", "pending"));
      } else {
        Rejection rej = ((AdmissionResult.Refused) r).rejection();
        results.add(Map.of("error", rej.code().wireName(), "message", rej.message()));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accepted", accepted);
    m.put("refused", txs.size() - accepted);
    m.put("results", results);
    ctx.json(m);
  }

  private static final int MAX_BATCH = 10_000;

  private void respondToSubmission(Context ctx, AdmissionResult r, CompletableFuture<CommitWaiters.Committed> known, boolean wait) {
    new SubmissionReplies(ledger, waiters).respond(ctx, r, known, wait);
  }

  private void transaction(Context ctx) {
    Hash id = parseHash(ctx.pathParam("id"), "transaction id");
    ctx.json(Views.transaction(visibleTransaction(ctx, id), ledger.hashFunction()));
  }

  /**
   * A committed transaction the caller may see (every MetadataRule); one the caller may not is
   * answered exactly as one never committed, so the answer reveals nothing about it.
   */
  private org.medledger.node.ledger.CommittedTransaction visibleTransaction(Context ctx, Hash id) {
    var ct = ledger.transaction(id).orElse(null);
    if (ct == null || metadataRules.get().stream().anyMatch(r -> !r.maySee(ledger.state(), caller(ctx), ct.transaction()))) {
      throw ApiError.notFound("transaction " + id + " is not committed, or not one you may see");
    }
    return ct;
  }

  private static org.medledger.core.runtime.Caller caller(Context ctx) {
    Identity who = identity(ctx);
    return new org.medledger.core.runtime.Caller(who.certificateId(), who.organisation(), who.role(), who.name());
  }

  private void block(Context ctx, long height) {
    var b = ledger.block(height).orElseThrow(() -> ApiError.notFound(
        "no block at height " + height + " (the chain is at height " + ledger.height() + ")"));
    ctx.json(Views.block(b, ledger.hashFunction()));
  }

  private void inclusionProof(Context ctx) {
    Hash id = parseHash(ctx.pathParam("txId"), "transaction id");
    visibleTransaction(ctx, id);
    var p = ledger.inclusionProof(id).orElseThrow(() -> ApiError.notFound("transaction " + id + " is not committed"));
    ctx.json(Views.inclusion(p, ledger.hashFunction(), ledger.validatorTransitions(p.header().header().height())));
  }

  private void transactionReceipt(Context ctx) {
    Hash id = parseHash(ctx.pathParam("txId"), "transaction id");
    var ct = visibleTransaction(ctx, id);
    var p = ledger.inclusionProof(id).orElseThrow(() -> ApiError.notFound("transaction " + id + " is not committed"));
    byte[] sender = org.medledger.core.receipt.SenderSignature.certificateOf(membership, ledger.state(), ct.transaction()).orElse(null);
    try {
      ctx.json(org.medledger.core.receipt.ReceiptDocuments.transactionReceipt(ct.transaction(), p.leafIndex(), p.treeSize(),
          p.auditPath(), ct.outcome(), p.header(), ledger.hashFunction(), sender, senderMemberships.forReceipt(ct, sender),
          ledger.validatorTransitions(p.header().header().height())));
    } catch (org.medledger.node.ledger.StatePrunedException e) {
      throw ApiError.notFound(e.getMessage());
    }
  }

  /**
   * A state fact's receipt. {@code key} is {@code namespace/key} (a contract's own key; namespaces
   * hold no '/') or {@code keyHex} the full state key in hex; {@code height} defaults to the head.
   */
  private void stateReceipt(Context ctx) {
    String named = ctx.queryParam("key");
    String hex = ctx.queryParam("keyHex");
    if ((named == null) == (hex == null)) {
      throw ApiError.badRequest("give exactly one of the query parameters 'key' (namespace/key) and 'keyHex' (the full state key in hex)");
    }
    byte[] key;
    if (named != null) {
      int slash = named.indexOf('/');
      if (slash <= 0 || slash == named.length() - 1) {
        throw ApiError.badRequest("'key' must be namespace/key, e.g. notary/doc/<fingerprint>/<organisation>; got '" + named + "'");
      }
      key = org.medledger.core.runtime.StateKeys.of(named.substring(0, slash), named.substring(slash + 1));
    } else {
      try {
        key = org.medledger.crypto.Hex.decode(hex);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("'keyHex' is not hex: " + e.getMessage());
      }
    }
    if (org.medledger.core.runtime.SystemKeys.isSystemKey(key)) {
      throw ApiError.badRequest("the ledger's own 'sys' records are not in the state tree: a transaction's record"
          + " (id and outcome) is proven by its receipt, GET /v1/receipts/tx/{txId}");
    }
    // Public drug receipts have no identity (isPublicDrugReceipt); every other key passes the rule.
    if (identity(ctx) != null && metadataRules.get().stream().anyMatch(r -> !r.maySee(ledger.state(), caller(ctx), key))) {
      throw ApiError.notFound("no state key you may see at that address");
    }
    String h = ctx.queryParam("height");
    long height = h == null ? ledger.height() : parseLong(h, "height");
    if (height < 1) {
      throw ApiError.badRequest("'height' must be at least 1 (block 0 holds no state and carries no commit certificate)");
    }
    try {
      var proof = ledger.stateProof(key, height).orElseThrow(() -> ApiError.notFound(
          "no block at height " + height + " (the chain is at height " + ledger.height() + ")"));
      if (!proof.present() && keyShapes != null) {
        keyShapes.problem(key).ifPresent(p -> {
          throw ApiError.badRequest(p);
        });
      }
      var header = ledger.signedHeader(height).orElseThrow(() -> ApiError.notFound("no block at height " + height));
      ctx.json(org.medledger.core.receipt.ReceiptDocuments.stateReceipt(proof, header, ledger.hashFunction(),
          ledger.validatorTransitions(height)));
    } catch (org.medledger.node.ledger.StatePrunedException e) {
      throw ApiError.notFound(e.getMessage());
    }
  }

  private void consistencyProof(Context ctx) {
    String from = ctx.queryParam("from");
    String to = ctx.queryParam("to");
    if (from == null || to == null) {
      throw ApiError.badRequest("query parameters 'from' and 'to' (log sizes) are required");
    }
    ctx.json(Views.consistency(ledger.consistencyProof(parseLong(from, "from"), parseLong(to, "to")), ledger.hashFunction()));
  }

  private static long parseLong(String s, String what) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(what + " must be a whole number, got '" + s + "'");
    }
  }

  private static Hash parseHash(String s, String what) {
    try {
      return Hash.fromHex(s);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(what + " must be 64 hex characters: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (heldAnswers != null) {
      heldAnswers.close();
    }
    if (app != null) {
      app.stop();
    }
  }
}
