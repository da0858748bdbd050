package org.medledger.node.ui;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalDownloadHandler;
import org.medledger.node.application.PortalFormHandler;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPageHandler;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.ChallengeService;
import org.medledger.node.auth.Identity;
import org.medledger.node.ui.view.Chrome;
import org.medledger.node.ui.view.MessageView;
import org.medledger.node.ui.view.NavLink;

/**
 * The web portal every node serves under {@code /ui}, on the API's own HTTPS server, reading the
 * services the API reads. Server-rendered (precompiled jte templates) with htmx served from the
 * node itself; every answer carries a Content-Security-Policy of {@code default-src 'self'}, so no
 * page runs inline script or loads anything from elsewhere. The portal names no application:
 * applications add pages under {@code /ui/<name>/} through {@link #pagesOf}.
 *
 * <p>Who is signed in is the node's session store's answer (an HttpOnly, SameSite=Strict cookie
 * holding a random id), and the member's certificate is re-checked against the ledger on every
 * request, as the API re-checks a token: nothing the browser sends names a role or organisation.
 */
public final class Portal {
  public static final String ROOT = "/ui";
  static final String CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private record AppPage(String path, PortalPages.Access access, PortalPageHandler handler) {}

  private record AppForm(String path, PortalPages.Access access, PortalFormHandler handler) {}

  private record AppDownload(String path, PortalPages.Access access, PortalDownloadHandler handler) {}

  private final ChallengeService challenges;
  private final String chainId;
  private final PortalSessions sessions;
  private final Templates templates = Templates.platform();
  private final SessionCookie cookie;
  private final List<AppPage> appPages = new ArrayList<>();
  private final List<AppForm> appForms = new ArrayList<>();
  private final List<AppDownload> appDownloads = new ArrayList<>();
  private final byte[] genesisJson;
  /** A navigation entry and the roles it is shown to (none: every visitor it is listed for). */
  private record MemberLink(NavLink link, Set<String> roles) {
    boolean shownTo(String role) {
      return roles.isEmpty() || roles.contains(role);
    }
  }

  private final List<MemberLink> memberNav = new ArrayList<>(List.of(
      new MemberLink(new NavLink("Dashboard", "/ui"), Set.of()),
      new MemberLink(new NavLink("Blocks", "/ui/blocks"), Set.of()),
      new MemberLink(new NavLink("Validators", "/ui/validators"), Set.of())));
  private final List<MemberLink> publicNav = new ArrayList<>();
  private final SignInPages signIn;
  private final ExplorerPages explorer;
  private volatile boolean mounted;

  public Portal(PortalServices services, Clock clock) {
    this.challenges = services.challenges();
    this.chainId = services.ledger().genesis().chainId();
    this.genesisJson = org.medledger.core.genesis.GenesisJson.write(services.ledger().genesis())
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.sessions = new PortalSessions(clock);
    this.cookie = new SessionCookie(services.tls());
    this.signIn = new SignInPages(this, services, sessions, cookie);
    this.explorer = new ExplorerPages(this, services, clock);
  }

  /** True for every path the portal answers (and so the API's bearer check leaves alone). */
  public static boolean owns(String path) {
    return path.equals(ROOT) || path.startsWith(ROOT + "/");
  }

  /** The pages an application adds: its own paths only ({@code /ui/<name>/...}). */
  public PortalPages pagesOf(String application) {
    String prefix = ROOT + "/" + application + "/";
    return new PortalPages() {
      @Override
      public void page(String path, Access access, PortalPageHandler handler) {
        checkOwnPath(application, prefix, path);
        synchronized (Portal.this) {
          checkOpen();
          appPages.add(new AppPage(path, access, handler));
        }
      }

      @Override
      public void form(String path, Access access, PortalFormHandler handler) {
        checkOwnPath(application, prefix, path);
        synchronized (Portal.this) {
          checkOpen();
          appForms.add(new AppForm(path, access, handler));
        }
      }

      @Override
      public void download(String path, Access access, PortalDownloadHandler handler) {
        checkOwnPath(application, prefix, path);
        synchronized (Portal.this) {
          checkOpen();
          appDownloads.add(new AppDownload(path, access, handler));
        }
      }

      @Override
      public void nav(String label, String path, Access access) {
        checkOwnPath(application, prefix, path);
        synchronized (Portal.this) {
          checkOpen();
          (access == Access.PUBLIC ? publicNav : memberNav).add(new MemberLink(new NavLink(label, path), Set.of()));
        }
      }

      @Override
      public void navFor(String label, String path, Set<String> roles) {
        checkOwnPath(application, prefix, path);
        if (roles == null || roles.isEmpty()) {
          throw new IllegalArgumentException("application " + application + "'s link '" + label
              + "' names no role to show it to; use nav(..., Access.MEMBER) for every member");
        }
        synchronized (Portal.this) {
          checkOpen();
          memberNav.add(new MemberLink(new NavLink(label, path), Set.copyOf(roles)));
        }
      }
    };
  }

  static void checkOwnPath(String application, String prefix, String path) {
    if (path == null || !(path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1)))
        || path.contains("..")) {
      throw new IllegalArgumentException("application " + application + " adds portal pages under " + prefix
          + " only; got '" + path + "'");
    }
  }

  private void checkOpen() {
    if (mounted) {
      throw new IllegalStateException("portal pages are added before the node serves");
    }
  }

  /** Mounts the portal on the API's server: headers first, then every page. */
  public synchronized void mount(Javalin app) {
    mounted = true;
    app.before(ctx -> {
      if (owns(ctx.path())) {
        securityHeaders(ctx);
      }
    });
    StaticAssets.load().mount(app);
    signIn.mount(app);
    explorer.mount(app);
    // The genesis the browser's receipt check (static/receipt-verify.js) hashes itself and trusts
    // only as far as the member compares its hash with the network's published one.
    app.get(ROOT + "/genesis.json", ctx -> download(ctx, PortalPages.Access.MEMBER,
        (c, who) -> new PortalDownload("application/json", null, genesisJson)));
    for (AppPage p : appPages) {
      app.addHttpHandler(HandlerType.GET, p.path(), ctx -> page(ctx, p.access(), p.handler()));
    }
    for (AppForm f : appForms) {
      app.addHttpHandler(HandlerType.POST, f.path(), ctx -> form(ctx, f.access(), f.handler()));
    }
    for (AppDownload d : appDownloads) {
      app.addHttpHandler(HandlerType.GET, d.path(), ctx -> download(ctx, d.access(), d.handler()));
    }
  }

  static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
  }

  /**
   * The member a portal request's session names, for the request budget (no ledger re-check
   * here: the page does that); empty off the portal's paths and for visitors.
   */
  public Optional<Identity> sessionMember(Context ctx) {
    if (!owns(ctx.path())) {
      return Optional.empty();
    }
    return sessions.find(cookie.read(ctx)).flatMap(PortalSessions.Session::member);
  }

  /** The API's 404 for a path under /ui: a page, not JSON. */
  public void notFound(Context ctx) {
    message(ctx, 404, "Not found", "There is no page at this address.", "Back to the start", ROOT);
  }

  // ---- shared by the portal's page classes ----

  /** The request's live session, if its cookie names one. */
  Optional<PortalSessions.Session> session(Context ctx) {
    return sessions.find(cookie.read(ctx));
  }

  /**
   * The signed-in member, re-checked against the ledger now. A cookie naming no live session
   * (forged, expired, ended) or a certificate that no longer stands sends the visitor to sign in
   * with a message saying why; {@code required} false lets an anonymous visitor through.
   */
  Optional<Identity> member(Context ctx, boolean required) {
    String presented = cookie.read(ctx);
    Optional<PortalSessions.Session> s = sessions.find(presented);
    Optional<Identity> who = s.flatMap(PortalSessions.Session::member);
    if (who.isPresent()) {
      try {
        challenges.requireStanding(who.get());
      } catch (AuthException e) {
        sessions.end(presented);
        cookie.clear(ctx);
        throw new SignInNeeded("standing");
      }
      return who;
    }
    if (required) {
      throw new SignInNeeded(presented != null && s.isEmpty() ? "expired" : "signin");
    }
    return Optional.empty();
  }

  /** Sent to the sign-in page, which says why by {@code reason}. */
  static final class SignInNeeded extends RuntimeException {
    final String reason;

    SignInNeeded(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }
  }

  /** A request refused outright (403, 404) with a page saying why. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** Runs a page's handler within the layout; turns its refusals into pages with a clear message. */
  void page(Context ctx, PortalPages.Access access, PortalPageHandler handler) {
    try {
      Optional<Identity> who = member(ctx, access == PortalPages.Access.MEMBER);
      session(ctx).ifPresent(s -> ctx.attribute(PortalPages.CSRF_ATTRIBUTE, s.csrf()));
      PortalPage page = handler.render(ctx, who);
      ctx.header("Cache-Control", "no-store");
      ctx.html(layout(ctx, page.title(), page.body()));
    } catch (SignInNeeded e) {
      ctx.redirect(ROOT + "/signin?reason=" + e.reason, io.javalin.http.HttpStatus.SEE_OTHER);
    } catch (Refused e) {
      message(ctx, e.status, e.status == 403 ? "Refused" : "Not found", e.getMessage(), "Back to the start", ROOT);
    } catch (org.medledger.node.application.PortalRefusal e) {
      message(ctx, e.status(), e.status() == 403 ? "Refused" : "Not found", e.getMessage(), "Back to the start", ROOT);
    } catch (IllegalArgumentException e) {
      message(ctx, 400, "That did not work", e.getMessage(), "Back to the start", ROOT);
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(Portal.class).error("GET {} failed", ctx.endpointHandlerPath(), e);
      message(ctx, 500, "Something went wrong", "The node could not show this page; its log says why.", "Back to the start", ROOT);
    }
  }

  /**
   * Runs a form's handler once its CSRF token matches the session's: a form without a live
   * session or with another token is refused before anything runs, so nothing changes.
   */
  void form(Context ctx, PortalPages.Access access, PortalFormHandler handler) {
    Optional<PortalSessions.Session> s = session(ctx);
    if (s.isEmpty() || !s.get().hasCsrf(ctx.formParam("csrf"))) {
      message(ctx, 403, "Refused", s.isEmpty()
          ? "This form came without a live session (it expired, or cookies are off): open the page again and retry."
            + " Nothing was changed."
          : "The form's security token (CSRF) is missing or does not match your session: open the page again and retry."
            + " Nothing was changed.", "Back to the start", ROOT);
      return;
    }
    page(ctx, access, handler::submit);
  }

  /** Runs a download's handler under the same access rules and refusals as a page. */
  void download(Context ctx, PortalPages.Access access, PortalDownloadHandler handler) {
    try {
      Optional<Identity> who = member(ctx, access == PortalPages.Access.MEMBER);
      PortalDownload file = handler.fetch(ctx, who);
      ctx.header("Cache-Control", "no-store");
      if (file.fileName() != null) {
        ctx.header("Content-Disposition", "attachment; filename=\"" + file.fileName() + "\"");
      }
      ctx.contentType(file.contentType()).result(file.bytes());
    } catch (SignInNeeded e) {
      ctx.redirect(ROOT + "/signin?reason=" + e.reason, io.javalin.http.HttpStatus.SEE_OTHER);
    } catch (Refused e) {
      message(ctx, e.status, e.status == 403 ? "Refused" : "Not found", e.getMessage(), "Back to the start", ROOT);
    } catch (org.medledger.node.application.PortalRefusal e) {
      message(ctx, e.status(), e.status() == 403 ? "Refused" : "Not found", e.getMessage(), "Back to the start", ROOT);
    } catch (IllegalArgumentException e) {
      message(ctx, 400, "That did not work", e.getMessage(), "Back to the start", ROOT);
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(Portal.class).error("GET {} failed", ctx.endpointHandlerPath(), e);
      message(ctx, 500, "Something went wrong", "The node could not answer this; its log says why.", "Back to the start", ROOT);
    }
  }

  void message(Context ctx, int status, String heading, String text, String linkLabel, String linkPath) {
    ctx.status(status).header("Cache-Control", "no-store");
    ctx.html(layout(ctx, heading, templates.content("message.jte", new MessageView(heading, text, linkLabel, linkPath))));
  }

  String layout(Context ctx, String title, gg.jte.Content body) {
    Optional<PortalSessions.Session> s = session(ctx);
    Optional<Identity> who = s.flatMap(PortalSessions.Session::member);
    List<NavLink> nav = new ArrayList<>();
    if (who.isPresent()) {
      String role = who.get().role();
      memberNav.stream().filter(l -> l.shownTo(role)).forEach(l -> nav.add(l.link()));
    }
    publicNav.forEach(l -> nav.add(l.link()));
    String member = who.map(i -> i.name() + " · " + i.role() + " · " + i.organisation()).orElse(null);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("chrome", new Chrome(title, member, nav, s.map(PortalSessions.Session::csrf).orElse("")));
    params.put("body", body);
    return templates.render("layout.jte", params);
  }

  String chainId() {
    return chainId;
  }

  Templates templates() {
    return templates;
  }
}
