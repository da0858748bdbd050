package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.audit.AccessEvent;
import org.medledger.core.audit.AuditContract;
import org.medledger.core.patient.PatientId;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.auth.Identity;
import org.medledger.node.auth.TokenService;
import org.medledger.node.vault.VaultService;

/**
 * Issue 19 item 5, the OWASP API Security Top 10 (2023) against every route the release serves:
 * four validators (two hospitals, an insurer, a regulator) with every application, HTTPS, and
 * the routes read from the live table of validator 0, never from a list written here. For each
 * route: no token, an expired one, a forged one, one with no signature, one another node issued
 * (API2 broken authentication); a member of another organisation and role (API5 function-level
 * authorisation); another patient's identifiers (API1 object-level authorisation); fields a role
 * may not set (API3 mass assignment); an oversized, a 10,000-deep and a huge body, page sizes
 * past the cap (API4 resource consumption). Then a burst from one client and slow clients
 * holding connections. The table is printed and saved to target/api-abuse-table.txt; every cell
 * that breaks its rule fails the test, listed under the table.
 */
class ApiAbuseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COLUMNS = List.of("access", "none", "expired", "forged", "unsigned", "otherNode",
      "otherRole", "bola", "mass", "oversize", "deep", "huge", "page");
  /** Why each public route is public; a route served without a token and missing here fails. */
  private static final Map<String, String> PUBLIC_BECAUSE = Map.of(
      "GET /v1/health", "liveness and chain id for load balancers and the SDK; no member data",
      "GET /v1/openapi.json", "the API's own description",
      "POST /v1/auth/challenge", "the login handshake starts before there is a token",
      "POST /v1/auth/token", "the login handshake: a signed challenge is the credential",
      "GET /01/{gtin}/21/{serial}", "a consumer scans a pack's GS1 Digital Link",
      "GET /01/{gtin}/10/{lot}/21/{serial}", "a consumer scans a pack's GS1 Digital Link (with its lot)",
      "GET /v1/drugs/verify", "a consumer's scan of a pack's element string",
      "GET /v1/download/{token}", "a patient's download link carries its own signature and expiry");
  /**
   * Where a deep or huge body is not answered 400 by the JSON parser, and why: refused before it
   * is parsed. Every other POST route must answer 400.
   */
  private static final Map<String, Integer> BODY_REFUSED_FIRST = Map.of(
      "POST /v1/auth/challenge", 413, // the handshake's bodies are at most 16 KiB
      "POST /v1/auth/token", 413,
      "POST /v1/auth/refresh", 413,
      "POST /v1/patients/{id}/erasures/{request}/approve", 403, // an admin's route, reading no body: the clinician is refused
      "POST /v1/records/{hash}/download-link", 404); // the clinician holds no link to patient 1's record; no body is read
  private static final Pattern RECORD_READ = Pattern.compile(
      "/v1/records/([0-9a-f]{64})(/content)?(\\?.*)?|/fhir/(?!Patient/|Consent/|AuditEvent/)[A-Za-z]+/([0-9a-f]{64})");

  @TempDir
  Path dir;

  private BftTestNetwork net;
  private RunningValidators running;
  private ApiServerTrust trust;
  private RawHttps raw;

  /** A member logged in at validator 0: its token, and its SDK client to sign its health reads. */
  private record Caller(String name, Hash id, ClientIdentity identity, String token, MedLedgerClient sdk) {}

  private Caller clinician;
  private Caller patient2;
  private Caller insurer;
  private Caller regulator;
  private PatientId patient1;
  private VaultService.Stored record;
  private String downloadToken;
  private String custodial;

  @Test
  void everyRouteRefusesEveryAbuseAndTheChainKeepsItsPace() throws Exception {
    net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.HOSPITAL, BftTestNetwork.INSURER,
        BftTestNetwork.REGULATOR)).withApiTls();
    try (RunningValidators r = RunningValidators.start(net)) {
      running = r;
      trust = ApiServerTrust.of(net.genesis);
      raw = new RawHttps(trust.sslContext(), r.node(0).apiPort());
      long t0 = System.nanoTime();
      setUp();
      System.out.println("ApiAbuseTest: set up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      AbuseTable table = new AbuseTable(COLUMNS);
      JsonNode openApi = JSON.readTree(raw.send("127.0.0.1", "GET", "/v1/openapi.json", null, null, null, null).body());
      List<String> routes = r.node(0).apiRoutes();
      assertThat(routes).as("the release's applications are served").contains("GET /v1/records/{hash}", "POST /epcis/capture",
          "POST /v1/notary/anchor");
      int index = 0;
      for (String route : routes) {
        abuse(table, route, index++, openApi);
      }
      System.out.println("ApiAbuseTest: " + routes.size() + " routes abused in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      publicStateReceipts(table);
      hostHeader(table);
      auditOfRefusedReads(table);
      new ApiAbuseLoad(net, r, trust, raw).burstAndSlowClients(table, clinician.token());
      String rendered = table.render();
      System.out.println(rendered);
      table.save(Path.of("target", "api-abuse-table.txt"));
      assertThat(table.failures()).as(rendered).isEmpty();
    }
  }

  private void setUp() throws Exception {
    BftTestNetwork.Member admin = net.member(0, "admin-0", Role.ADMIN);
    BftTestNetwork.Member p1 = net.member(0, "patient-1", Role.PATIENT);
    BftTestNetwork.Member p2 = net.member(0, "patient-2", Role.PATIENT);
    BftTestNetwork.Member assessor = net.member(2, "assessor", Role.INSURER);
    BftTestNetwork.Member inspector = net.member(3, "inspector", Role.REGULATOR);
    running.commit(net.registerClinician());
    for (BftTestNetwork.Member m : List.of(admin, p1, p2, assessor, inspector)) {
      running.commit(net.register(m));
    }
    patient1 = registerPatient(p1);
    registerPatient(p2);
    record = running.node(0).vault().store(net.clinicianId, "potassium 4.1 mmol/L".getBytes(StandardCharsets.UTF_8), patient1,
        "Binary", "laboratory");
    clinician = login(0, "dr-wang", net.clinicianId, new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));
    patient2 = login(0, "patient-2", p2);
    insurer = login(0, "assessor", assessor);
    regulator = login(0, "inspector", inspector);
    // Patient 1's own link, then tampered: the public download route must refuse it.
    Caller owner = login(0, "patient-1", p1);
    String url = owner.sdk().post("v1/records/" + record.record().hex() + "/download-link?ttl=600", JSON.createObjectNode())
        .get("url").asText();
    String token = url.substring(url.lastIndexOf('/') + 1);
    int last = token.length() - 5;
    downloadToken = token.substring(0, last) + (token.charAt(last) == 'A' ? 'B' : 'A') + token.substring(last + 1);
    // A patient in validator 0's custodial wallet: the wallet's routes read their bodies only for her.
    custodial = clinician.sdk().post("v1/patients", JSON.createObjectNode()).get("patient").asText();
  }

  private PatientId registerPatient(BftTestNetwork.Member p) throws InterruptedException {
    PatientId pid = PatientId.of(net.suite.hash(), p.keys().getPublic().getEncoded());
    running.commit(net.tx("patients", "register", "publicKey", Hex.encode(p.keys().getPublic().getEncoded()), "signature",
        org.medledger.core.patient.CareRegistration.sign(net.suite.signatures().signer(p.keys()), net.genesis.chainId(), pid,
            "org-0"), "custody", "self", "encryptionKeyCertificate", net.encryptionKeyCertificate(p.keys())));
    return pid;
  }

  private Caller login(int node, String name, BftTestNetwork.Member m) {
    return login(node, name, m.id(), new ClientIdentity(net.suite, m.certificate(), m.keys().getPrivate()));
  }

  private Caller login(int node, String name, Hash id, ClientIdentity identity) {
    MedLedgerClient c = new MedLedgerClient("https://127.0.0.1:" + running.node(node).apiPort(), trust);
    c.login(identity);
    return new Caller(name, id, identity, c.token(), c);
  }

  /** The concrete request a route is abused with: its parameters filled with patient 1's objects where it takes them. */
  private String concrete(String route) {
    String path = route.substring(route.indexOf(' ') + 1);
    String rec = record.record().hex();
    String filled = path
        .replace("/v1/records/{hash}", "/v1/records/" + rec)
        .replace("/v1/notary/{hash}", "/v1/notary/" + "ab".repeat(32))
        .replace("/v1/insurance/claims/{id}", "/v1/insurance/claims/" + "ab".repeat(32))
        .replace("/v1/insurance/policies/{id}", "/v1/insurance/policies/" + "ab".repeat(32))
        .replace("/v1/patients/{id}", "/v1/patients/" + patient1)
        .replace("/v1/transactions/{id}", "/v1/transactions/" + record.txId().hex())
        .replace("{txId}", record.txId().hex())
        .replace("{type}/{id}", "DocumentReference/" + rec)
        .replace("{type}", route.startsWith("POST ") ? "Observation" : "DocumentReference")
        .replace("{height}", "1")
        .replace("{consent}", "cd".repeat(32))
        .replace("{request}", "ef".repeat(32))
        .replace("{captureID}", "12".repeat(32))
        .replace("{gtin}", "09506000134352")
        .replace("{serial}", "1")
        .replace("{lot}", "L1")
        .replace("{sscc}", "106141411234567897")
        .replace("{prefix}", "9506000")
        .replace("{token}", downloadToken);
    String query = switch (route) {
      case "GET /v1/receipts/state" -> "?key=records/record/" + rec;
      case "GET /v1/proofs/consistency" -> "?from=1&to=2";
      case "POST /v1/records" -> "?patient=" + patient1 + "&category=laboratory";
      case "GET /fhir/{type}" -> "?patient=" + patient1;
      case "GET /v1/drugs/verify" -> "?code=" + java.net.URLEncoder.encode("(01)09506000134352(21)1", StandardCharsets.UTF_8);
      default -> "";
    };
    return filled + query;
  }

  /**
   * API8 (misconfiguration): links the API writes into its answers never point where a request's
   * Host header says. Recorded, not yet asserted: the FHIR routes build their links from it (see
   * the note), and they are being moved into FhirResourceProviders.
   */
  private void hostHeader(AbuseTable table) throws Exception {
    RawHttps.Answer a = raw.send("127.41.0.1", "GET", "/fhir/DocumentReference?patient=" + patient1, clinician.token(), null,
        null, null, "Host: attacker.example");
    boolean echoed = a.body().contains("attacker.example");
    table.note("host header: GET /fhir/DocumentReference with Host: attacker.example: " + a.status()
        + (echoed ? ", its links point at attacker.example (finding: FhirRoutes.base/contentUrl use ctx.host(), not the"
            + " node's public address)" : ", its links do not name it"));
  }

  /**
   * State receipts are public only under a prefix an application registered (drugs/pack/): a key
   * outside it, or one that climbs out of it, needs a token like every other receipt.
   */
  private void publicStateReceipts(AbuseTable table) throws Exception {
    String rec = record.record().hex();
    Map<String, Integer> expected = new java.util.LinkedHashMap<>();
    expected.put("drugs/pack/09506000134352/1", 200);
    expected.put("records/record/" + rec, 401);
    expected.put("drugs/pack/../../records/record/" + rec, 401);
    expected.put("drugs/packs/x", 401);
    int i = 0;
    for (var e : expected.entrySet()) {
      RawHttps.Answer a = raw.send("127.40.0." + ++i, "GET", "/v1/receipts/state?key="
          + java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8), null, null, null, null);
      boolean ok = e.getValue() == 200 ? a.status() != 401 && a.status() < 500 : a.status() == e.getValue();
      String line = "public receipt: GET /v1/receipts/state?key=" + e.getKey().replace(rec, "{record}") + " without a token: "
          + a.status();
      table.note(line);
      if (!ok) {
        table.fail(line + ", expected " + (e.getValue() == 200 ? "served (a public drug pack's state)" : "401"));
      }
    }
  }

  /** Whether a route's concrete request names patient 1 or one of her objects (its object-level check applies). */
  private boolean namesAnotherPatientsObject(String concretePath) {
    return concretePath.contains(patient1.toString()) || concretePath.contains(record.record().hex())
        || concretePath.contains(record.txId().hex());
  }

  private void abuse(AbuseTable table, String route, int index, JsonNode openApi) throws Exception {
    String method = route.substring(0, route.indexOf(' '));
    String path = concrete(route);
    boolean post = method.equals("POST") || method.equals("PUT");
    boolean documentedPublic = isDocumentedPublic(openApi, route);
    String because = PUBLIC_BECAUSE.get(route);
    byte[] empty = post ? "{}".getBytes(StandardCharsets.UTF_8) : null;
    String type = post ? "application/json" : null;

    RawHttps.Answer none = raw.send(source(1, index), method, path, null, type, empty, null);
    boolean servedWithoutToken = none.status() != 401;
    table.check(route, "access", documentedPublic ? "public" : "token", documentedPublic == servedWithoutToken,
        "the access the OpenAPI document states (" + (documentedPublic ? "public" : "token") + ")");
    if (servedWithoutToken) {
      table.check(route, "none", status(none), because != null && none.status() < 500,
          "a stated reason to be public (ApiAbuseTest.PUBLIC_BECAUSE) and no 5xx");
      if (because != null) {
        table.note("public: " + route + ": " + because);
      }
      if (route.equals("GET /v1/download/{token}")) {
        table.check(route, "forged", status(none), none.status() == 403 && !none.body().contains("potassium"),
            "403 for a link with a tampered signature, nothing of the record");
      }
    } else {
      table.check(route, "none", status(none), true, "401");
      String[] bad = {expiredToken(), forged(clinician.token()), unsigned(clinician.token()), otherNodesToken()};
      String[] names = {"expired", "forged", "unsigned", "otherNode"};
      for (int i = 0; i < bad.length; i++) {
        RawHttps.Answer a = raw.send(source(2 + i, index), method, path, bad[i], type, empty, null);
        table.check(route, names[i], status(a), a.status() == 401, "401");
      }
      roleAndObject(table, route, method, path, type, empty, index);
    }
    // Oversized: a length past any route's limit, declared, and one byte of it sent (Jetty dispatches
    // a request once its first content arrives); the other 200 MiB never are.
    RawHttps.Answer big = raw.send(source(8, index), method, path, clinician.token(), type == null ? "application/json" : type,
        "{".getBytes(StandardCharsets.US_ASCII), 200L << 20);
    table.check(route, "oversize", status(big), big.status() == 413, "413 before the body is read");
    if (post) {
      // The bodies go where the clinician may call: the wallet's routes for its own custodial patient.
      bodies(table, route, path.replace("/v1/patients/" + patient1, "/v1/patients/" + custodial), index);
    }
    page(table, route, path, index);
  }

  private void roleAndObject(AbuseTable table, String route, String method, String path, String type, byte[] empty, int index)
      throws Exception {
    boolean names = namesAnotherPatientsObject(path);
    // API5: an insurer's member, at a hospital's node, on every route.
    RawHttps.Answer role = raw.send(source(6, index), method, path, insurer.token(), type, empty, null,
        readRequest(insurer, path));
    boolean restricted = route.contains("/v1/records") || route.contains("/v1/patients") || route.contains("/fhir/")
        || route.contains("/v1/consensus/evidence") || route.equals("POST /v1/notary/anchor") || route.equals("POST /epcis/capture")
        || route.contains("/v1/drugs/recalls") || names;
    boolean refusedOrEmpty = role.status() >= 400 && role.status() < 500 || isEmptySearch(route, role);
    table.check(route, "otherRole", status(role) + (isEmptySearch(route, role) ? " empty" : ""),
        role.status() < 500 && (!restricted || refusedOrEmpty), restricted ? "4xx (or an empty search)" : "no 5xx");
    // API1: patient 2 names patient 1's objects.
    if (names) {
      RawHttps.Answer bola = raw.send(source(7, index), method, path, patient2.token(), type, empty, null,
          readRequest(patient2, path));
      boolean refused = bola.status() == 403 || bola.status() == 404 || isEmptySearch(route, bola);
      table.check(route, "bola", status(bola) + (isEmptySearch(route, bola) ? " empty" : ""), refused,
          "403 or 404 (or an empty search), nothing of patient 1");
    }
  }

  /** API3 and API4 on a body: fields no caller may set, a 10,000-deep array, a huge JSON document. */
  private void bodies(AbuseTable table, String route, String path, int index) throws Exception {
    String type = route.startsWith("POST /fhir/") ? "application/fhir+json" : "application/json";
    var mass = JSON.createObjectNode();
    mass.put("hash", "ab".repeat(32)).put("type", "lab-report").put("sender", regulator.id().hex())
        .put("organisation", "org-3").put("role", "regulator").put("height", 1).put("outcome", "success")
        .put("served", true).put("basis", "custodian").put("auditTx", "00".repeat(32));
    RawHttps.Answer m = raw.send(source(9, index), "POST", path, clinician.token(), type,
        mass.toString().getBytes(StandardCharsets.UTF_8), null);
    Optional<String> assigned = massAssigned(m);
    table.check(route, "mass", status(m) + assigned.map(a -> " " + a).orElse(""), m.status() < 500 && assigned.isEmpty(),
        "no 5xx, and no field of the body taken as the caller's sender, organisation or role");
    byte[] deep = ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.US_ASCII);
    RawHttps.Answer d = raw.send(source(10, index), "POST", path, clinician.token(), type, deep, null);
    int expected = BODY_REFUSED_FIRST.getOrDefault(route, 400);
    table.check(route, "deep", status(d), d.status() == expected, expected + " (ApiAbuseTest.BODY_REFUSED_FIRST)");
    // 60 KB of one array (under the smallest JSON route's 64 KiB, so the parser, not the budget, answers).
    StringBuilder huge = new StringBuilder("[");
    while (huge.length() < 60_000) {
      huge.append("12345678,");
    }
    huge.append("0]");
    RawHttps.Answer h = raw.send(source(11, index), "POST", path, clinician.token(), type,
        huge.toString().getBytes(StandardCharsets.US_ASCII), null);
    table.check(route, "huge", status(h), h.status() == expected, expected + " (ApiAbuseTest.BODY_REFUSED_FIRST)");
  }

  /** API4: page sizes past the cap, on the routes that page; "uncapped" where a list route has no page at all. */
  private void page(AbuseTable table, String route, String path, int index) throws Exception {
    String token;
    String query;
    switch (route) {
      case "GET /v1/consensus/evidence" -> {
        token = regulator.token();
        query = "?limit=1000000";
      }
      case "GET /epcis/events" -> {
        token = clinician.token();
        query = "?perPage=1000000";
      }
      case "GET /fhir/{type}" -> {
        token = regulator.token();
        path = "/fhir/AuditEvent";
        query = "?_count=1000000";
      }
      default -> {
        return;
      }
    }
    RawHttps.Answer a = raw.send(source(12, index), "GET", path + query, token, null, null, null);
    if (route.equals("GET /fhir/{type}")) {
      // FHIR search has no paging yet: _count is ignored and the whole searchset comes back (see the note).
      table.cell(route, "page", status(a) + (a.status() == 200 ? " uncapped" : ""));
      table.note("page: GET /fhir/{type} has no _count and no paging: a search answers every match in one Bundle");
      return;
    }
    table.check(route, "page", status(a), a.status() == 400, "400 naming the cap");
  }

  /** A sender, organisation or role the body set and the answer took as the caller's (the caller is dr-wang, org-0). */
  private Optional<String> massAssigned(RawHttps.Answer a) throws Exception {
    if (a.status() >= 300 || a.body().isBlank() || !a.body().startsWith("{")) {
      return Optional.empty();
    }
    JsonNode b = JSON.readTree(a.body());
    if ("org-3".equals(b.path("organisation").asText()) || "regulator".equals(b.path("role").asText())) {
      return Optional.of("took organisation/role");
    }
    String tx = b.path("txId").asText("");
    if (tx.length() == 64) {
      Hash id = Hash.fromHex(tx);
      RunningValidators.await("the mass-assigned submission committed", 20_000,
          () -> running.node(0).ledger().transaction(id).isPresent());
      if (running.node(0).ledger().transaction(id).orElseThrow().transaction().sender().equals(regulator.id())) {
        return Optional.of("sent as the regulator");
      }
    }
    return Optional.empty();
  }

  private static boolean isEmptySearch(String route, RawHttps.Answer a) {
    if (!route.equals("GET /fhir/{type}") || a.status() != 200) {
      return false;
    }
    try {
      JsonNode b = JSON.readTree(a.body());
      return "Bundle".equals(b.path("resourceType").asText()) && b.path("entry").isEmpty();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * Every read refused to patient 2 (another patient's record) and to the insurer at its own node
   * is in patient 1's committed audit, as refused: the design audits every read it decides
   * (docs/security.md, "Access events"); a read refused before a decision (no token, another
   * organisation at this node, no signed request) names no requester the ledger could check.
   */
  private void auditOfRefusedReads(AbuseTable table) throws Exception {
    Caller insurerAtHome = login(2, "assessor", insurer.id(), insurer.identity());
    RawHttps home = new RawHttps(trust.sslContext(), running.node(2).apiPort());
    String path = "/v1/records/" + record.record().hex() + "?purpose=TREAT";
    RawHttps.Answer a = home.send("127.0.9.1", "GET", path, insurerAtHome.token(), null, null, null,
        readRequest(insurerAtHome, path));
    table.note("audit: the insurer reading patient 1's record at its own node: " + a);
    Set<Hash> refusedReaders = new java.util.HashSet<>();
    RunningValidators.await("refused reads audited", 20_000, () -> {
      refusedReaders.clear();
      for (AccessEvent e : AuditContract.ofPatient(running.node(0).ledger().state(), patient1)) {
        if (!e.served()) {
          refusedReaders.add(e.requester());
        }
      }
      return refusedReaders.contains(patient2.id()) && refusedReaders.contains(insurer.id());
    });
    table.note("audit: refused reads of patient 1's record in her committed audit, by patient 2: "
        + refusedReaders.contains(patient2.id()) + ", by the insurer (its node): " + refusedReaders.contains(insurer.id()));
  }

  private String[] readRequest(Caller c, String path) {
    Matcher m = RECORD_READ.matcher(path);
    if (!m.matches()) {
      return new String[0];
    }
    String rec = m.group(1) != null ? m.group(1) : m.group(4);
    return new String[] {org.medledger.core.audit.SignedReadRequest.HEADER + ": "
        + c.sdk().signReadRequest(rec, "TREAT", null).toHex()};
  }

  private String expiredToken() throws Exception {
    byte[] key = new NodeSecrets(net.configs.get(0).dataDir()).apiTokenKey();
    Clock anHourAgo = Clock.fixed(Instant.now().minusSeconds(3_600), ZoneOffset.UTC);
    return new TokenService(key, anHourAgo, 60_000).issue(new Identity(net.clinicianId, "org-0", "clinician", "dr-wang")).token();
  }

  private String otherNodesToken;

  /** A genuine token validator 1 issued to the same clinician: no other node's token is valid here. */
  private String otherNodesToken() {
    if (otherNodesToken == null) {
      otherNodesToken = login(1, "dr-wang", net.clinicianId, new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey))
          .token();
    }
    return otherNodesToken;
  }

  /** The token with its MAC's first character changed. */
  private static String forged(String token) {
    int at = token.indexOf('.') + 1;
    return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }

  /** The token's claims with no MAC at all (the "alg: none" of a JWT). */
  private static String unsigned(String token) {
    return token.substring(0, token.indexOf('.') + 1);
  }

  private static boolean isDocumentedPublic(JsonNode openApi, String route) {
    String method = route.substring(0, route.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
    JsonNode op = openApi.path("paths").path(route.substring(route.indexOf(' ') + 1)).path(method);
    JsonNode security = op.path("security");
    return security.isArray() && security.isEmpty();
  }

  /** A loopback address per abuse and route: each its own client, so no abuse spends another's rate budget. */
  private static String source(int abuse, int route) {
    return "127." + (10 + abuse) + "." + (route / 250) + "." + (route % 250 + 1);
  }

  private static String status(RawHttps.Answer a) {
    return Integer.toString(a.status());
  }
}
