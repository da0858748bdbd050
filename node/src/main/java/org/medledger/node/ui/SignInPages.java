package org.medledger.node.ui;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.ChallengeService;
import org.medledger.node.auth.Identity;
import org.medledger.node.auth.TokenService;
import org.medledger.node.ui.view.SignInView;

/**
 * Sign-in and sign-out. The browser proves possession of a member's key by the API's own
 * challenge ({@link ChallengeService}: the node's one-time challenge, signed with WebCrypto from a
 * key file the member picks); or, on a node configured for development ({@code ui.tokenSignIn}),
 * by a pasted API token. Either way the identity is the one the node's token service issues
 * after checking the certificate against the genesis and the ledger, never anything the form
 * says. Every form carries the session's CSRF token; the anonymous session that holds it is
 * replaced by a new one on sign-in.
 */
final class SignInPages {
  /** Fixed texts by reason code: nothing a request says is echoed back. */
  private static final Map<String, String> REASONS = Map.of(
      "signin", "Sign in to see that page.",
      "expired", "Your session has ended (it expired, was signed out, or was not issued by this node). Sign in again.",
      "standing", "Your certificate no longer stands on the ledger (revoked, expired or its role changed). Sign in again.",
      "signedout", "You are signed out.");

  private final Portal portal;
  private final PortalSessions sessions;
  private final SessionCookie cookie;
  private final ChallengeService challenges;
  private final TokenService tokens;
  private final boolean tokenSignIn;
  private final String suite;

  SignInPages(Portal portal, PortalServices services, PortalSessions sessions, SessionCookie cookie) {
    this.portal = portal;
    this.sessions = sessions;
    this.cookie = cookie;
    this.challenges = services.challenges();
    this.tokens = services.tokens();
    this.tokenSignIn = services.tokenSignIn();
    this.suite = services.ledger().genesis().suite();
  }

  void mount(Javalin app) {
    app.get(Portal.ROOT + "/signin", this::signInPage);
    app.post(Portal.ROOT + "/signin/challenge", this::challenge);
    app.post(Portal.ROOT + "/signin/key", this::signInWithKey);
    app.post(Portal.ROOT + "/signin/token", this::signInWithToken);
    app.post(Portal.ROOT + "/signout", this::signOut);
  }

  private void signInPage(Context ctx) {
    Optional<PortalSessions.Session> s = portal.session(ctx);
    if (s.flatMap(PortalSessions.Session::member).isPresent()) {
      ctx.redirect(Portal.ROOT, HttpStatus.SEE_OTHER);
      return;
    }
    String reason = REASONS.get(String.valueOf(ctx.queryParam("reason")));
    render(ctx, 200, anonymousSession(ctx, s), reason);
  }

  private PortalSessions.Session anonymousSession(Context ctx, Optional<PortalSessions.Session> existing) {
    if (existing.isPresent()) {
      return existing.get();
    }
    PortalSessions.Session fresh = sessions.anonymous();
    cookie.set(ctx, fresh.id());
    return fresh;
  }

  private void render(Context ctx, int status, PortalSessions.Session s, String error) {
    ctx.status(status).header("Cache-Control", "no-store");
    ctx.html(portal.layout(ctx, "Sign in", portal.templates().content("signin.jte",
        new SignInView(s.csrf(), tokenSignIn, error, suite, "intl".equals(suite)))));
  }

  /** The session the form came from, its CSRF token checked; a 403 page otherwise. */
  private Optional<PortalSessions.Session> checkedSession(Context ctx) {
    Optional<PortalSessions.Session> s = portal.session(ctx);
    if (s.isEmpty()) {
      portal.message(ctx, 403, "Refused", "This form came without a live session (it expired, or cookies are off): "
          + "open the page again and retry.", "Sign in", Portal.ROOT + "/signin");
      return Optional.empty();
    }
    if (!s.get().hasCsrf(ctx.formParam("csrf"))) {
      portal.message(ctx, 403, "Refused", "The form's security token (CSRF) is missing or does not match your session: "
          + "open the page again and retry. Nothing was changed.", "Back to the start", Portal.ROOT);
      return Optional.empty();
    }
    return s;
  }

  /** Step one of key sign-in, called by signin.js: the node's challenge for the picked certificate. */
  private void challenge(Context ctx) {
    Optional<PortalSessions.Session> s = portal.session(ctx);
    if (s.isEmpty() || !s.get().hasCsrf(ctx.formParam("csrf"))) {
      ctx.status(403).json(Map.of("error", "forbidden", "message",
          "the sign-in form's security token is missing or out of date: reload the page"));
      return;
    }
    String certificate = ctx.formParam("certificate");
    if (certificate == null || certificate.isBlank()) {
      ctx.status(400).json(Map.of("error", "bad_request", "message", "pick your certificate file (PEM)"));
      return;
    }
    try {
      String c = challenges.challenge(certificate);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("challenge", c);
      m.put("sign", new String(ChallengeService.messageToSign(portal.chainId(), challenges.nodeId(), c),
          StandardCharsets.UTF_8));
      ctx.json(m);
    } catch (AuthException e) {
      ctx.status(e.isThrottled() ? 429 : 401).json(Map.of("error", "unauthorized", "message", e.getMessage()));
    } catch (IllegalArgumentException e) {
      ctx.status(400).json(Map.of("error", "bad_request", "message", e.getMessage()));
    }
  }

  /** Step two: the signed challenge, traded for a session as the API trades it for a token. */
  private void signInWithKey(Context ctx) {
    Optional<PortalSessions.Session> s = checkedSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    try {
      TokenService.Issued issued = challenges.token(ctx.formParam("challenge"), ctx.formParam("signature"));
      startSession(ctx, s.get(), tokens.verify(issued.token()));
    } catch (AuthException e) {
      render(ctx, e.isThrottled() ? 429 : 401, s.get(), "Not signed in: " + e.getMessage());
    }
  }

  private void signInWithToken(Context ctx) {
    if (!tokenSignIn) {
      portal.notFound(ctx);
      return;
    }
    Optional<PortalSessions.Session> s = checkedSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    try {
      Identity who = tokens.verify(String.valueOf(ctx.formParam("token")).strip());
      challenges.requireStanding(who);
      startSession(ctx, s.get(), who);
    } catch (AuthException e) {
      render(ctx, 401, s.get(), "Not signed in: " + e.getMessage());
    }
  }

  private void startSession(Context ctx, PortalSessions.Session anonymous, Identity who) {
    PortalSessions.Session s = sessions.signIn(Optional.of(anonymous.id()), who);
    cookie.set(ctx, s.id());
    ctx.redirect(Portal.ROOT, HttpStatus.SEE_OTHER);
  }

  private void signOut(Context ctx) {
    Optional<PortalSessions.Session> s = checkedSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    sessions.end(s.get().id());
    cookie.clear(ctx);
    ctx.redirect(Portal.ROOT + "/signin?reason=signedout", HttpStatus.SEE_OTHER);
  }
}
