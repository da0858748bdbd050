package org.medledger.apps.drugs.node;

import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.medledger.apps.drugs.contract.gs1.DigitalLink;
import org.medledger.apps.drugs.contract.DrugQueries;
import org.medledger.apps.drugs.contract.DrugVerifier;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.PackState;
import org.medledger.apps.drugs.contract.gs1.Sscc;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.auth.Identity;
import org.medledger.node.auth.TokenService;
import org.medledger.apps.drugs.node.DrugLabels;
import org.medledger.apps.drugs.node.ScanCounter;
import org.medledger.node.ledger.Ledger;

/**
 * The node resolves GS1 Digital Link paths itself: {@code GET /01/{gtin}/21/{serial}?10={lot}&17=
 * {yymmdd}} (also with the lot in the path) answers what the ledger says of the pack, as JSON
 * ({@code Accept: application/json}, with {@code outcome}); a browser asking for HTML is sent to
 * the portal's check page ({@link DrugCheckPage}), which gives the same verdict in plain words. It is public — a
 * consumer's phone scans it — so each anonymous client address is rate-limited and each public scan is
 * counted network-wide through {@link ScanCounter}; a member scanning with its bearer token is
 * named as the scanner, so a pack seen where it was never shipped reads as diverted. Members also
 * read a case ({@code GET /00/{sscc}}), the holders of a recalled lot, and print labels.
 */
final class DrugRoutes {
  static final int SCANS_PER_SECOND = 20;
  private final Ledger ledger;
  private final TokenService tokens;
  private final ScanCounter scans;
  private final Clock clock;
  private final Map<String, long[]> buckets = new ConcurrentHashMap<>();

  DrugRoutes(Ledger ledger, TokenService tokens, ScanCounter scans, Clock clock) {
    this.ledger = ledger;
    this.tokens = tokens;
    this.scans = scans;
    this.clock = clock;
  }

  void register(ApiRoutes routes) {
    // Public: a consumer's phone scans these, and the receipt a check names proves what it told anyone.
    routes.publicGet("/01/{gtin}/21/{serial}", this::verify);
    routes.publicGet("/01/{gtin}/10/{lot}/21/{serial}", this::verify);
    routes.publicGet("/v1/drugs/verify", this::verifyCode);
    routes.publicStateReceipts(DrugsContract.NAME + "/pack/");
    routes.get("/00/{sscc}", this::caseView);
    routes.get("/v1/drugs/recalls/{gtin}/{lot}", this::recallHolders);
    routes.get("/v1/drugs/prefixes/{prefix}", this::companyPrefix);
    routes.get("/v1/drugs/labels/01/{gtin}/21/{serial}", this::packLabel);
    routes.get("/v1/drugs/labels/00/{sscc}", this::caseLabel);
  }

  /**
   * What the verdict's scan count rests on, judged as the verdict is (from the start of today):
   * every scan, the places still counting, the organisations whose nodes reported them, the places
   * left with any one organisation set aside, and the regulator's last reset.
   */
  static Map<String, Object> scans(org.medledger.apps.drugs.contract.ScanCount s, long now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", s.scans());
    m.put("places", s.places(now));
    m.put("organisations", s.organisations(now));
    m.put("placesWithoutAnyOneOrganisation", s.placesWithoutAnyOneOrganisation(now));
    s.lastReset().ifPresent(r -> m.put("reset", Map.of("by", r.organisation(), "at", r.at(), "reason", r.reason())));
    return m;
  }

  /** A token bucket per client address: {@link #SCANS_PER_SECOND} a second, bursts of twice that. */
  private boolean allowed(String client) {
    long now = clock.millis();
    if (buckets.size() > 100_000) {
      buckets.clear(); // a flood of addresses must not grow memory without bound
    }
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
    verify(ctx, () -> DigitalLink.parse(ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString())));
  }

  /**
   * The same check for whatever a scanner read: a Digital Link URI, a DataMatrix's GS1 element
   * string (bracketed or raw with FNC1 separators) or an SGTIN URN, in {@code ?code=}.
   */
  private void verifyCode(Context ctx) {
    String code = Optional.ofNullable(ctx.queryParam("code")).orElse("");
    verify(ctx, () -> readCode(code));
  }

  /** What a scanner or a person typed, as a Digital Link; IllegalArgumentException naming what is wrong. */
  static DigitalLink readCode(String typed) {
    String code = typed.strip();
    if (code.startsWith("http://") || code.startsWith("https://") || code.startsWith("/01/")) {
      return DigitalLink.parse(code);
    }
    if (code.startsWith("urn:epc:id:sgtin:")) {
      org.medledger.apps.drugs.contract.gs1.ItemRef r = org.medledger.apps.drugs.contract.gs1.EpcUri.parse(code);
      return new DigitalLink(new org.medledger.apps.drugs.contract.gs1.Sgtin(r.gtin(), r.serial()), Optional.empty(), Optional.empty());
    }
    if (code.isEmpty()) {
      throw new IllegalArgumentException("code: a Digital Link URI, a GS1 element string or an SGTIN URN is needed");
    }
    return org.medledger.apps.drugs.contract.gs1.ElementString.parse(code);
  }

  /** A check's answer: the code read, the ledger's verdict, and the height it was judged at. */
  record Check(DigitalLink link, DrugVerifier.Verdict verdict, long height) {
    String receipt() {
      return "/v1/receipts/state?key=drugs/pack/" + link.sgtin().gtin() + "/" + link.sgtin().serial() + "&height=" + height;
    }
  }

  /** Whether an anonymous client at {@code address} may check now (members are accountable by their certificate). */
  boolean allowedAnonymous(String address) {
    return allowed(address);
  }

  /**
   * Judges {@code link} against the ledger now; an anonymous check of a known pack is counted
   * network-wide (the clone signal), a member's is named by its organisation (the diversion signal).
   */
  Check check(DigitalLink link, Optional<String> scanner, String address) {
    long height = ledger.height();
    DrugVerifier.Verdict v = DrugVerifier.verify(ledger.state(), link, LocalDate.now(clock.withZone(ZoneOffset.UTC)), scanner);
    if (scanner.isEmpty() && !v.outcome().equals("unknown_serial")) {
      scans.count(link.sgtin(), address);
    }
    return new Check(link, v, height);
  }

  long startOfToday() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  Ledger ledger() {
    return ledger;
  }

  private void verify(Context ctx, java.util.function.Supplier<DigitalLink> read) {
    String accept = String.valueOf(ctx.header("Accept"));
    if (!accept.contains("application/json") && accept.contains("text/html")) {
      // A phone's browser opened the scanned code: the portal's check page answers it (and counts the scan).
      String code = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
      if (ctx.path().equals("/v1/drugs/verify")) {
        code = Optional.ofNullable(ctx.queryParam("code")).orElse("");
      }
      ctx.redirect(DrugCheckPage.PATH + "?code=" + java.net.URLEncoder.encode(code, java.nio.charset.StandardCharsets.UTF_8),
          io.javalin.http.HttpStatus.SEE_OTHER);
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
    // Members are accountable by their token; the anonymous public is limited per address.
    if (scanner.isEmpty() && !allowed(ctx.ip())) {
      ctx.status(429).header("Retry-After", "1").json(Map.of("error", "too_many_scans",
          "message", "at most " + SCANS_PER_SECOND + " scans a second from one address"));
      return;
    }
    DigitalLink link;
    try {
      link = read.get();
    } catch (IllegalArgumentException e) {
      ctx.status(400).json(Map.of("error", "bad_request", "message", e.getMessage()));
      return;
    }
    Check c = check(link, scanner, ctx.ip());
    DrugVerifier.Verdict v = c.verdict();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcome", v.outcome());
    m.put("message", v.message());
    m.put("gtin", link.sgtin().gtin().value());
    m.put("serial", link.sgtin().serial());
    m.put("height", c.height());
    m.put("trace", v.trace());
    m.put("scans", scans(v.scans(), startOfToday()));
    m.put("receipt", c.receipt());
    ctx.json(m);
  }

  private void caseView(Context ctx) {
    Sscc sscc = new Sscc(ctx.pathParam("sscc"));
    DrugQueries.CaseView c = DrugQueries.caseView(ledger.state(), sscc)
        .orElseThrow(() -> new ApiError(404, "unknown_case", "case " + sscc + " was never packed on this ledger"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sscc", c.sscc());
    m.put("packedBy", c.state().packer());
    m.put("inCase", c.state().parent());
    m.put("contents", c.state().children());
    m.put("trace", c.trace());
    m.put("height", ledger.height());
    ctx.json(m);
  }

  /**
   * Who owns a GS1 company prefix, and every regulator act on it (recorded, each transfer): public
   * ledger data a member checks before it trusts a GTIN's maker. The prefix may be given as a
   * GTIN, whose owning prefix is then looked up.
   */
  private void companyPrefix(Context ctx) {
    Requests.identity(ctx);
    String given = ctx.pathParam("prefix");
    StateReader state = ledger.state();
    String prefix = given;
    if (given.length() == 14) {
      Gtin gtin;
      try {
        gtin = Gtin.parse(given);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(e.getMessage());
      }
      prefix = DrugQueries.prefixOwner(state, gtin).map(org.medledger.apps.drugs.contract.PrefixChange::prefix)
          .orElseThrow(() -> new ApiError(404, "unknown_prefix", "GTIN " + gtin + " carries no company prefix recorded on this ledger"));
    }
    List<Map<String, Object>> history = new ArrayList<>();
    for (var c : DrugQueries.prefixHistory(state, prefix)) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("kind", c.kind().name().toLowerCase());
      h.put("from", c.from().isEmpty() ? null : c.from());
      h.put("to", c.to());
      h.put("regulator", c.regulator());
      h.put("reason", c.reason());
      h.put("height", c.height());
      h.put("time", java.time.Instant.ofEpochMilli(c.time()).toString());
      h.put("transaction", c.transactionId());
      history.add(h);
    }
    if (history.isEmpty()) {
      throw new ApiError(404, "unknown_prefix", "company prefix " + prefix + " is not recorded on this ledger");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("prefix", prefix);
    m.put("owner", history.get(history.size() - 1).get("to"));
    m.put("history", history);
    m.put("height", ledger.height());
    ctx.json(m);
  }

  /** The maker of the GTIN and regulators see every holder of a lot; any other member sees only its own holding. */
  private void recallHolders(Context ctx) {
    Identity who = Requests.identity(ctx);
    Gtin gtin = Gtin.parse(ctx.pathParam("gtin"));
    String lot = ctx.pathParam("lot");
    StateReader state = ledger.state();
    String maker = DrugQueries.maker(state, gtin)
        .orElseThrow(() -> new ApiError(404, "unknown_gtin", "GTIN " + gtin + " is not registered on this ledger"));
    boolean seesAll = "regulator".equals(who.role()) || maker.equals(who.organisation());
    List<Map<String, Object>> holders = new ArrayList<>();
    for (DrugQueries.Holding h : DrugQueries.holdersOfLot(state, gtin, lot)) {
      if (seesAll || h.organisation().equals(who.organisation())) {
        holders.add(Map.of("organisation", h.organisation(), "inTransit", h.inTransit(), "packs", h.packs()));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gtin", gtin.value());
    m.put("lot", lot);
    // Every recall of the lot, in order (the regulator's and the maker's both stand); "recall" is the first.
    List<Map<String, Object>> recalls = new ArrayList<>();
    for (var r : DrugQueries.recalls(state, gtin, lot).recalls()) {
      recalls.add(Map.of("reason", r.reason(), "by", r.by(), "role", r.role(), "height", r.height(),
          "time", java.time.Instant.ofEpochMilli(r.time()).toString()));
    }
    m.put("recall", recalls.isEmpty() ? null : recalls.get(0));
    m.put("recalls", recalls);
    m.put("holders", holders);
    m.put("complete", seesAll);
    m.put("height", ledger.height());
    ctx.json(m);
  }

  private void packLabel(Context ctx) {
    Gtin gtin = Gtin.parse(ctx.pathParam("gtin"));
    String serial = ctx.pathParam("serial");
    byte[] v = ledger.state().get(StateKeys.of("drugs", "pack/" + gtin + "/" + serial));
    if (v == null) {
      throw new ApiError(404, "unknown_serial", "serial " + serial + " of GTIN " + gtin + " was never commissioned: no label for it");
    }
    PackState p = PackState.decode(v);
    DigitalLink link = new DigitalLink(new org.medledger.apps.drugs.contract.gs1.Sgtin(gtin, serial), Optional.of(p.lot()), Optional.of(p.expiry()));
    label(ctx, new DrugLabels.Label(link.format(base(ctx)),
        List.of("(01) " + gtin, "(21) " + serial, "(10) " + p.lot(), "(17) " + p.expiry())));
  }

  private void caseLabel(Context ctx) {
    Sscc sscc = new Sscc(ctx.pathParam("sscc"));
    if (DrugQueries.caseView(ledger.state(), sscc).isEmpty()) {
      throw new ApiError(404, "unknown_case", "case " + sscc + " was never packed on this ledger");
    }
    label(ctx, new DrugLabels.Label(base(ctx) + "/00/" + sscc, List.of("(00) " + sscc)));
  }

  private static void label(Context ctx, DrugLabels.Label label) {
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("png");
    switch (format) {
      case "png" -> ctx.contentType("image/png").result(DrugLabels.png(label, 8));
      case "svg" -> ctx.contentType("image/svg+xml").result(DrugLabels.svg(label));
      default -> throw new ApiError(400, "bad_request", "format: png or svg, got '" + format + "'");
    }
    ctx.header("X-Digital-Link", label.uri());
  }

  /** Where the code points: {@code ?base=} (an http(s) resolver), else this node, which resolves Digital Link paths itself. */
  private static String base(Context ctx) {
    String base = Optional.ofNullable(ctx.queryParam("base")).orElse(ctx.scheme() + "://" + ctx.host());
    URI u;
    try {
      u = URI.create(base);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "bad_request", "base: not a URI: " + base);
    }
    if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null || u.getQuery() != null) {
      throw new ApiError(400, "bad_request", "base: an http(s) address without a query, e.g. https://id.example.org");
    }
    return base.replaceAll("/+$", "");
  }
}
