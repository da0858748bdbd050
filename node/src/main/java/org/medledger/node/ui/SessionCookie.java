package org.medledger.node.ui;

import io.javalin.http.Context;

/**
 * The session cookie: only a random id (the session lives on the node), {@code HttpOnly} (no
 * script reads it), {@code SameSite=Strict} (no other site's page sends it), and over TLS
 * {@code Secure} with the {@code __Host-} prefix (no plain-HTTP page or subdomain can set it).
 */
final class SessionCookie {
  private final boolean tls;
  private final String name;

  SessionCookie(boolean tls) {
    this.tls = tls;
    this.name = tls ? "__Host-medledger-session" : "medledger-session";
  }

  String read(Context ctx) {
    String v = ctx.cookie(name);
    return v == null || v.isEmpty() || v.length() > 64 ? null : v;
  }

  void set(Context ctx, String sessionId) {
    ctx.res().addHeader("Set-Cookie", name + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : ""));
  }

  void clear(Context ctx) {
    ctx.res().addHeader("Set-Cookie", name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : ""));
  }
}
