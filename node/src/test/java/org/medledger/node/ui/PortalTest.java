package org.medledger.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.auth.ChallengeService;

/**
 * The portal over HTTP against a running node (one validator): the headers every page carries,
 * sign-in by token and by the signed challenge, CSRF, forged sessions, escaping, the explorer's
 * pages, search and CSV export. The browser tests (it/, PortalBrowserTest) add the browser's part.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalTest {
  @TempDir static Path dir;
  TestNetwork net;
  MedLedgerNode node;
  String base;
  Hash anchorId;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config.withPortalTokenSignIn(true));
    base = "http://127.0.0.1:" + node.apiPort();
    Transaction reg = net.register(net.user("admin-a"));
    assertThat(node.admission().submit(reg)).isInstanceOf(AdmissionResult.Accepted.class);
    awaitCommitted(reg.id(node.ledger().hashFunction()));
    Transaction anchor = net.anchor(net.user("admin-a"), net.fingerprint("portal test"));
    assertThat(node.admission().submit(anchor)).isInstanceOf(AdmissionResult.Accepted.class);
    anchorId = anchor.id(node.ledger().hashFunction());
    awaitCommitted(anchorId);
  }

  /** Admission refuses a sender until its registration is committed: each step waits for the last. */
  void awaitCommitted(Hash id) throws InterruptedException {
    long until = System.currentTimeMillis() + 30_000;
    while (node.ledger().transaction(id).isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(50);
    }
    assertThat(node.ledger().transaction(id)).as("committed: " + id).isPresent();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  record Session(String cookie, String csrf) {}

  HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String cookie, Map<String, String> form) throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String cookieOf(HttpResponse<?> r) {
    String set = r.headers().allValues("Set-Cookie").stream().filter(c -> !c.contains("Max-Age=0")).reduce((a, b) -> b)
        .orElseThrow();
    return set.substring(0, set.indexOf(';'));
  }

  static String csrfOf(String html) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("a CSRF field in the page").isTrue();
    return m.group(1);
  }

  Session anonymous() throws Exception {
    HttpResponse<String> page = get("/ui/signin", null);
    assertThat(page.statusCode()).isEqualTo(200);
    return new Session(cookieOf(page), csrfOf(page.body()));
  }

  Session signedIn(String user) throws Exception {
    Session anon = anonymous();
    String token = net.login(node, user).token();
    HttpResponse<String> r = post("/ui/signin/token", anon.cookie(), Map.of("csrf", anon.csrf(), "token", token));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/ui");
    String cookie = cookieOf(r);
    assertThat(cookie).as("a new session id on sign-in").isNotEqualTo(anon.cookie());
    HttpResponse<String> dash = get("/ui", cookie);
    return new Session(cookie, csrfOf(dash.body()));
  }

  @Test
  void everyPortalAnswerCarriesTheSecurityHeaders() throws Exception {
    for (String path : List.of("/ui", "/ui/signin", "/ui/no-such-page", "/ui/static/portal.css")) {
      HttpResponse<String> r = get(path, null);
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path)
          .hasValue("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
    }
    HttpResponse<String> missing = get("/ui/no-such-page", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("There is no page at this address").startsWith("<!doctype html>");
  }

  @Test
  void servesTheGenesisTheBrowsersReceiptCheckHashesToSignedInMembersOnly() throws Exception {
    HttpResponse<String> visitor = get("/ui/genesis.json", null);
    assertThat(visitor.statusCode()).isEqualTo(303);
    assertThat(visitor.headers().firstValue("Location").orElse("")).startsWith("/ui/signin");
    Session s = signedIn("admin-a");
    HttpResponse<String> r = get("/ui/genesis.json", s.cookie());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(org.medledger.core.genesis.GenesisJson.read(r.body()).hash()).isEqualTo(node.ledger().genesis().hash());
    for (String script : List.of("receipt-verify.js", "sign-statement.js")) {
      HttpResponse<String> js = get("/ui/static/" + script, null);
      assertThat(js.statusCode()).as(script).isEqualTo(200);
      assertThat(js.headers().firstValue("Content-Type").orElse("")).as(script).startsWith("text/javascript");
    }
  }

  @Test
  void servesTheVendoredHtmxItself() throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/static/vendor/htmx-2.0.11/htmx.min.js"))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Hex.encode(MessageDigest.getInstance("SHA-256").digest(r.body())))
        .isEqualTo("d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717");
  }

  @Test
  void pagesAreNotApiRoutes() {
    assertThat(node.apiRoutes()).noneMatch(r -> r.contains(" /ui"));
  }

  @Test
  void aMemberPageSendsAVisitorToSignIn() throws Exception {
    HttpResponse<String> r = get("/ui/blocks", null);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/ui/signin?reason=signin");
  }

  @Test
  void aForgedSessionCookieLeadsToSignInSayingSo() throws Exception {
    HttpResponse<String> r = get("/ui", "medledger-session=" + "A".repeat(43));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/ui/signin?reason=expired");
    assertThat(get("/ui/signin?reason=expired", null).body()).contains("Your session has ended");
  }

  @Test
  void signInByTokenNeedsTheFormsCsrfToken() throws Exception {
    Session anon = anonymous();
    String token = net.login(node, "admin-a").token();
    HttpResponse<String> without = post("/ui/signin/token", anon.cookie(), Map.of("token", token));
    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(without.body()).contains("security token (CSRF) is missing");
    assertThat(without.headers().allValues("Set-Cookie")).isEmpty();
    HttpResponse<String> wrong = post("/ui/signin/token", anon.cookie(), Map.of("csrf", "x" + anon.csrf(), "token", token));
    assertThat(wrong.statusCode()).isEqualTo(403);
  }

  @Test
  void aBadTokenIsRefusedWithTheReason() throws Exception {
    Session anon = anonymous();
    String real = net.login(node, "admin-a").token();
    String forged = real.substring(0, real.indexOf('.')) + "." + "A".repeat(43);
    HttpResponse<String> r = post("/ui/signin/token", anon.cookie(), Map.of("csrf", anon.csrf(), "token", forged));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("Not signed in: bearer token is not valid for this node");
    assertThat(post("/ui/signin/token", anon.cookie(), Map.of("csrf", anon.csrf(), "token", "x")).body())
        .contains("Not signed in: malformed bearer token");
  }

  @Test
  void signsInWithTheSignedChallengeAndOutWithTheCsrfToken() throws Exception {
    Session anon = anonymous();
    TestNetwork.User admin = net.user("admin-a");
    HttpResponse<String> c = post("/ui/signin/challenge", anon.cookie(), Map.of("csrf", anon.csrf(), "certificate", admin.pem()));
    assertThat(c.statusCode()).isEqualTo(200);
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.body());
    String challenge = json.get("challenge").asText();
    assertThat(json.get("sign").asText()).isEqualTo(new String(ChallengeService.messageToSign(net.genesis.chainId(),
        node.ledger().genesis().validators().isEmpty() ? null : nodeId(), challenge), StandardCharsets.UTF_8));
    String signature = Hex.encode(admin.signer().sign(json.get("sign").asText().getBytes(StandardCharsets.UTF_8)));
    HttpResponse<String> in = post("/ui/signin/key", anon.cookie(), Map.of("csrf", anon.csrf(), "challenge", challenge,
        "signature", signature));
    assertThat(in.statusCode()).isEqualTo(303);
    String cookie = cookieOf(in);
    HttpResponse<String> dash = get("/ui", cookie);
    assertThat(dash.statusCode()).isEqualTo(200);
    assertThat(dash.body()).contains("admin-a · admin · hospital-a");
    // The challenge works once.
    HttpResponse<String> again = post("/ui/signin/key", anon.cookie(), Map.of("csrf", anon.csrf(), "challenge", challenge,
        "signature", signature));
    assertThat(again.statusCode()).isIn(401, 403);

    String csrf = csrfOf(dash.body());
    assertThat(post("/ui/signout", cookie, Map.of()).statusCode()).isEqualTo(403);
    assertThat(get("/ui", cookie).statusCode()).as("still signed in after a refused sign-out").isEqualTo(200);
    HttpResponse<String> out = post("/ui/signout", cookie, Map.of("csrf", csrf));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(get("/ui", cookie).headers().firstValue("Location")).hasValue("/ui/signin?reason=expired");
  }

  private Hash nodeId() {
    return node.membership().validatorIds().get(0);
  }

  @Test
  void aKeyThatIsNotTheCertificatesSignsNobodyIn() throws Exception {
    Session anon = anonymous();
    HttpResponse<String> c = post("/ui/signin/challenge", anon.cookie(), Map.of("csrf", anon.csrf(), "certificate",
        net.user("admin-a").pem()));
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.body());
    String signature = Hex.encode(net.user("dr-wang").signer().sign(json.get("sign").asText().getBytes(StandardCharsets.UTF_8)));
    HttpResponse<String> in = post("/ui/signin/key", anon.cookie(), Map.of("csrf", anon.csrf(), "challenge",
        json.get("challenge").asText(), "signature", signature));
    assertThat(in.statusCode()).isEqualTo(401);
    assertThat(in.body()).contains("signature does not verify");
  }

  @Test
  void explorerPagesShowTheLedger() throws Exception {
    Session s = signedIn("admin-a");
    long head = node.ledger().height();
    HttpResponse<String> dash = get("/ui", s.cookie());
    assertThat(dash.body()).contains("Chain test-chain").contains("id=\"stat-height\"").contains("hospital-a-node");
    assertThat(get("/ui/fragments/dashboard", s.cookie()).body()).startsWith("<section id=\"dashboard-stats\"");
    HttpResponse<String> blocks = get("/ui/blocks", s.cookie());
    assertThat(blocks.body()).contains("/ui/blocks/" + head + "\"");
    var ct = node.ledger().transaction(anchorId).orElseThrow();
    HttpResponse<String> block = get("/ui/blocks/" + ct.height(), s.cookie());
    assertThat(block.body()).contains(anchorId.hex()).contains("notary · anchor").contains(node.ledger().block(ct.height())
        .orElseThrow().header().hash(node.ledger().hashFunction()).hex());
    HttpResponse<String> tx = get("/ui/tx/" + anchorId.hex(), s.cookie());
    assertThat(tx.body()).contains("notary · anchor").contains(">ok</strong>");
    HttpResponse<String> receipt = get("/ui/tx/" + anchorId.hex() + "/receipt.json", s.cookie());
    assertThat(receipt.statusCode()).isEqualTo(200);
    assertThat(receipt.body()).contains(anchorId.hex());
    assertThat(get("/ui/validators", s.cookie()).body()).contains("hospital-a-node").contains(nodeId().hex());
    assertThat(get("/ui/blocks/" + (head + 5), s.cookie()).statusCode()).isEqualTo(404);
    HttpResponse<String> badHeight = get("/ui/blocks/ten", s.cookie());
    assertThat(badHeight.statusCode()).isEqualTo(400);
    assertThat(badHeight.body()).contains("height must be a whole number; got “ten”");
  }

  @Test
  void aSignedInMembersPagesAreBudgetedByCertificateNotByAddress() throws Exception {
    Session s = signedIn("admin-a");
    // 100 at once: over an anonymous address's burst (60), within a certificate's (1,000).
    for (int i = 0; i < 100; i++) {
      assertThat(get("/ui/validators", s.cookie()).statusCode()).as("request " + i).isEqualTo(200);
    }
  }

  @Test
  void searchLeadsToTheRightPageOrSaysNothingWasFound() throws Exception {
    Session s = signedIn("admin-a");
    var ct = node.ledger().transaction(anchorId).orElseThrow();
    String blockHash = node.ledger().block(ct.height()).orElseThrow().header().hash(node.ledger().hashFunction()).hex();
    assertThat(get("/ui/search?q=" + ct.height(), s.cookie()).headers().firstValue("Location")).hasValue("/ui/blocks/" + ct.height());
    assertThat(get("/ui/search?q=" + anchorId.hex(), s.cookie()).headers().firstValue("Location")).hasValue("/ui/tx/" + anchorId.hex());
    assertThat(get("/ui/search?q=" + blockHash.toUpperCase(), s.cookie()).headers().firstValue("Location"))
        .hasValue("/ui/blocks/" + ct.height());
    HttpResponse<String> none = get("/ui/search?q=" + "ab".repeat(32), s.cookie());
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("Nothing found");
    HttpResponse<String> script = get("/ui/search?q=" + URLEncoder.encode("<script>alert(1)</script>", StandardCharsets.UTF_8),
        s.cookie());
    assertThat(script.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
  }

  @Test
  void csvExportRowsMatchTheLedgerAndTheRangeIsCapped() throws Exception {
    Session s = signedIn("admin-a");
    long head = node.ledger().height();
    HttpResponse<String> r = get("/ui/export.csv?from=0&to=" + head, s.cookie());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(r.body()).contains("\r\n");
    List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(r.body())).getRecords();
    List<String> expected = new ArrayList<>();
    for (long h = 0; h <= head; h++) {
      for (Transaction t : node.ledger().block(h).orElseThrow().transactions()) {
        expected.add(h + " " + t.id(node.ledger().hashFunction()).hex() + " " + t.contract() + " " + t.method() + " "
            + node.ledger().transaction(t.id(node.ledger().hashFunction())).orElseThrow().outcome().code());
      }
    }
    assertThat(rows).extracting(c -> c.get("height") + " " + c.get("tx_id") + " " + c.get("contract") + " " + c.get("method")
        + " " + c.get("outcome_code")).containsExactlyElementsOf(expected);
    HttpResponse<String> tooMany = get("/ui/export.csv?from=0&to=" + (BlockCsv.MAX_BLOCKS + 5), s.cookie());
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("past the chain");
    assertThat(get("/ui/export.csv?from=3&to=1", s.cookie()).body()).contains("must not be above");
  }
}
