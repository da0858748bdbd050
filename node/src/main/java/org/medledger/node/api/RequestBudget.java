package org.medledger.node.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.medledger.node.application.BodyLimit;
import java.util.Optional;
import java.util.function.Function;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.Identity;
import org.medledger.node.auth.TokenService;
import org.medledger.node.logging.NodeLogContext;
import org.slf4j.MDC;

/**
 * What one request may cost the node, checked before its handler reads the body or does any
 * work: the body must fit its route's class ({@link BodyLimit}, sized by {@link BodyLimits}, else
 * 413; a small route refuses a body
 * of undeclared length, 411), and its client must have a token left in its bucket
 * ({@link ClientRateLimiter}, else 429 with Retry-After; a client that keeps pushing past its budget
 * has its 429s held, longer as it goes on, by the {@link Tarpit}). A client is the certificate its bearer
 * token names when the token verifies, else the remote address: a member's users behind one
 * gateway each get their own budget, and anonymous callers (the login handshake, public drug
 * scans) share their address's. The address is the TCP peer's, never a forwarding header, which
 * any caller could set.
 */
public final class RequestBudget {
  /** The request attribute holding a tarpit-held request's 429 until its delay is up. */
  private static final String HELD_REFUSAL = "medledger.heldRefusal";

  /** Rates for authenticated certificates and for anonymous addresses. */
  public record Rates(ClientRateLimiter.Rate perCertificate, ClientRateLimiter.Rate perAddress) {
    /** 200 requests a second (burst 1,000) per certificate; 20 a second (burst 60) per anonymous address. */
    public static final Rates DEFAULTS = new Rates(new ClientRateLimiter.Rate(200, 1_000), new ClientRateLimiter.Rate(20, 60));
  }

  private final BodyLimits bodies;
  private final Rates rates;
  private final ClientRateLimiter limiter;
  private final Tarpit tarpit;
  /** Where the tarpit's held answers wait: the server's, set when it starts. */
  private HeldAnswers held;
  private final Function<String, Optional<Identity>> bearer;
  /** The body class a route was registered with, by method and matched path. */
  private final BiFunction<HandlerType, String, BodyLimit> routeLimit;
  /** The member a request's portal session names (the web portal's pages), if any. */
  private Function<Context, Optional<Identity>> sessionMember = ctx -> Optional.empty();

  public RequestBudget(BodyLimits bodies, Rates rates, ClientRateLimiter limiter, Tarpit tarpit, TokenService tokens) {
    this(bodies, rates, limiter, tarpit, tokenVerifier(tokens), (method, path) -> BodyLimit.STANDARD);
  }

  private RequestBudget(BodyLimits bodies, Rates rates, ClientRateLimiter limiter, Tarpit tarpit,
      Function<String, Optional<Identity>> bearer, BiFunction<HandlerType, String, BodyLimit> routeLimit) {
    this.bodies = bodies;
    this.rates = rates;
    this.limiter = limiter;
    this.tarpit = tarpit;
    this.bearer = bearer;
    this.routeLimit = routeLimit;
  }

  /** The same budget, each route's body sized by the class it was registered with. */
  RequestBudget withRouteLimits(BiFunction<HandlerType, String, BodyLimit> limits) {
    RequestBudget b = new RequestBudget(bodies, rates, limiter, tarpit, bearer, limits);
    b.sessionMember = sessionMember;
    b.held = held;
    return b;
  }

  /**
   * Budgets a request whose web portal session names a signed-in member as that member's
   * certificate, as a bearer token is: the members behind one hospital gateway each get their own.
   */
  RequestBudget withSessionMembers(Function<Context, Optional<Identity>> members) {
    this.sessionMember = members;
    return this;
  }

  /** Holds the tarpit's answers on {@code answers} (the server's timer and threads). */
  RequestBudget withHeldAnswers(HeldAnswers answers) {
    this.held = answers;
    return this;
  }

  /** The tarpit's counts: how many refusals it held, at most at once, and shed. */
  public Tarpit.Counts tarpitCounts() {
    return tarpit.counts();
  }

  private static Function<String, Optional<Identity>> tokenVerifier(TokenService tokens) {
    return token -> {
      try {
        return Optional.of(tokens.verify(token));
      } catch (AuthException e) {
        return Optional.empty(); // the authentication step says what was wrong with it
      }
    };
  }

  public BodyLimits bodies() {
    return bodies;
  }

  /**
   * Throws {@link ApiError} 411, 413 or 429 when the request is over its budget; or, for a 429 the
   * tarpit holds, suspends the request (no thread waits) until its delay is up, and
   * {@link #refuseHeld}, the next step, refuses it then.
   */
  public void enforce(Context ctx) {
    long limit = bodies.bytes(routeLimit.apply(ctx.method(), ctx.endpointHandlerPath()));
    long declared = ctx.contentLength();
    if (declared > limit) {
      throw new ApiError(413, "too_large", ctx.method() + " " + routeName(ctx) + " takes a body of at most " + limit
          + " bytes; this one declares " + declared);
    }
    if (declared < 0 && ctx.header("Transfer-Encoding") != null && limit < bodies.largest()) {
      throw new ApiError(411, "length_required", ctx.method() + " " + routeName(ctx)
          + " needs a Content-Length (at most " + limit + " bytes); a chunked body of unknown length is not taken here");
    }
    String client = client(ctx);
    boolean certificate = client.startsWith("certificate:");
    ClientRateLimiter.Refusal refusal = limiter.take(client, certificate ? rates.perCertificate() : rates.perAddress());
    if (refusal != null) {
      ClientRateLimiter.Rate rate = certificate ? rates.perCertificate() : rates.perAddress();
      long retryAfterSeconds = Math.max(1, (refusal.retryAfterMillis() + 999) / 1000);
      ctx.header("Retry-After", Long.toString(retryAfterSeconds));
      ApiError refused = new ApiError(429, "rate_limited", "too many requests from " + (certificate ? "this certificate" : "this address")
          + ": at most " + rate.perSecond() + " a second (bursts of " + rate.burst() + "); retry in "
          + refusal.retryAfterMillis() + " ms");
      Tarpit.Verdict verdict = tarpit.refuse(client, retryAfterSeconds);
      if (verdict instanceof Tarpit.Verdict.Hold hold && held != null) {
        hold(ctx, client, refused, hold.delayMillis());
        return;
      }
      if (verdict instanceof Tarpit.Verdict.Hold) {
        tarpit.release(client); // no server to hold it on (not started): answered now
      }
      if (verdict instanceof Tarpit.Verdict.Shed) {
        ctx.header("Connection", "close");
      }
      throw refused;
    }
  }

  /** Suspends the request for {@code delayMillis}, then {@link #refuseHeld} answers it {@code refused}. */
  private void hold(Context ctx, String client, ApiError refused, long delayMillis) {
    ctx.attribute(HELD_REFUSAL, refused);
    Map<String, String> logContext = MDC.getCopyOfContextMap();
    CompletableFuture<Void> waited = held.after(delayMillis).whenComplete((done, failed) -> {
      tarpit.release(client);
      if (logContext != null) {
        MDC.setContextMap(logContext); // the resumed request's lines carry its id; its end (RequestIds) clears it there
      }
    });
    ctx.future(() -> waited);
    // This thread goes back to the pool; the request ends on the one that resumes it.
    MDC.remove(NodeLogContext.REQUEST_ID);
    MDC.remove(NodeLogContext.NODE);
  }

  /** Refuses, once its delay is up, a request the tarpit held; passes any other. */
  public void refuseHeld(Context ctx) {
    ApiError refused = ctx.attribute(HELD_REFUSAL);
    if (refused != null) {
      throw refused;
    }
  }

  private String client(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Optional<Identity> who = bearer.apply(header.substring(7).trim());
      if (who.isPresent()) {
        return "certificate:" + who.get().certificateId();
      }
    }
    Optional<Identity> member = sessionMember.apply(ctx);
    if (member.isPresent()) {
      return "certificate:" + member.get().certificateId();
    }
    return "address:" + ctx.req().getRemoteAddr();
  }

  /**
   * The route as registered ({@code /v1/download/{token}}), never the path: a path may hold a
   * secret (a download link's token) that must not be echoed into logs or proxies.
   */
  private static String routeName(Context ctx) {
    return ctx.endpointHandlerPath();
  }
}
