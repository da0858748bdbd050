package org.medledger.node.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.medledger.core.drugs.DigitalLink;
import org.medledger.core.drugs.DrugVerifier;
import org.medledger.node.auth.TokenService;
import org.medledger.node.ledger.Ledger;

/**
 * The node resolves GS1 Digital Link paths itself: {@code GET /01/{gtin}/21/{serial}?10={lot}&17=
 * {yymmdd}} (also with the lot in the path) answers what the ledger says of the pack, as JSON
 * ({@code Accept: application/json}, with {@code outcome}) or a small page. It is public — a
 * consumer's phone scans it — so each client address is rate-limited; a member scanning with its
 * bearer token is named as the scanner, so a pack seen where it was never shipped reads as diverted.
 */
final class DrugRoutes {
  static final int SCANS_PER_SECOND = 20;
  private final Ledger ledger;
  private final TokenService tokens;
  private final Clock clock;
  private final Map<String, long[]> buckets = new ConcurrentHashMap<>();

  DrugRoutes(Ledger ledger, TokenService tokens, Clock clock) {
    this.ledger = ledger;
    this.tokens = tokens;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.get("/01/{gtin}/21/{serial}", this::verify);
    app.get("/01/{gtin}/10/{lot}/21/{serial}", this::verify);
  }

  /** A token bucket per client address: {@link #SCANS_PER_SECOND} a second, bursts of twice that. */
  private boolean allowed(String client) {
    long now = clock.millis();
    long[] b = buckets.computeIfAbsent(client, k -> new long[] {now, 2L * SCANS_PER_SECOND * 1000});
    synchronized (b) {
      long refill = (now - b[0]) * SCANS_PER_SECOND;
      b[1] = Math.min(2L * SCANS_PER_SECOND * 1000, b[1] + refill);
      b[0] = now;
      if (b[1] < 1000) {
        return false;
      }
      b[1] -= 1000;
      return true;
    }
  }

  private void verify(Context ctx) {
    if (!allowed(ctx.ip())) {
      ctx.status(429).header("Retry-After", "1").json(Map.of("error", "too_many_scans",
          "message", "at most " + SCANS_PER_SECOND + " scans a second from one address"));
      return;
    }
    DigitalLink link;
    try {
      link = DigitalLink.parse(ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()));
    } catch (IllegalArgumentException e) {
      ctx.status(400).json(Map.of("error", "bad_request", "message", e.getMessage()));
      return;
    }
    Optional<String> scanner = Optional.empty();
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      try {
        scanner = Optional.of(tokens.verify(auth.substring(7).trim()).organisation());
      } catch (RuntimeException e) {
        // an invalid token scans as the public does
      }
    }
    long height = ledger.height();
    DrugVerifier.Verdict v = DrugVerifier.verify(ledger.state(), link, LocalDate.now(clock.withZone(ZoneOffset.UTC)), scanner);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcome", v.outcome());
    m.put("message", v.message());
    m.put("gtin", link.sgtin().gtin().value());
    m.put("serial", link.sgtin().serial());
    m.put("height", height);
    m.put("trace", v.trace());
    m.put("receipt", "/v1/receipts/state?key=drugs/pack/" + link.sgtin().gtin() + "/" + link.sgtin().serial() + "&height=" + height);
    String accept = String.valueOf(ctx.header("Accept"));
    if (accept.contains("application/json") || !accept.contains("text/html")) {
      ctx.json(m);
      return;
    }
    StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>MedLedger check</title></head><body>")
        .append("<h1>").append(escape(v.outcome().replace('_', ' '))).append("</h1><p>").append(escape(v.message())).append("</p><ol>");
    v.trace().forEach(t -> html.append("<li>").append(escape(t)).append("</li>"));
    ctx.html(html.append("</ol><p>GTIN ").append(escape(link.sgtin().gtin().value())).append(", serial ")
        .append(escape(link.sgtin().serial())).append(", ledger height ").append(height).append("</p></body></html>").toString());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
