package org.medledger.apps.records.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.node.fhir.FhirJson;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hex;
import org.medledger.fhirconformance.FhirConformance;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import org.medledger.node.config.ApiTransport;

/**
 * The platform's FHIR façade serving records' providers on a real node: searches are paged
 * ({@code _count} capped, {@code next} links), every address names the node's configured public
 * address whatever the request's Host says, a type no application registered is a 404
 * OperationOutcome, an interaction a type does not offer a 405, and {@code /fhir/metadata} lists
 * exactly the registered types. Every answer passes HAPI's R4 instance validator.
 */
class FhirFacadeApiTest {
  private static final int STORED = 3;
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static String base;
  static String wang;
  static String patient;
  static PatientId pid;
  static final List<String> created = new ArrayList<>();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    // Links name the configured public address: "localhost" here, which the bound 127.0.0.1 is not.
    int port = BftTestNetwork.freePort();
    base = "http://localhost:" + port;
    node = MedLedgerNode.start(net.config.withApiPort(port).withApiTransport(ApiTransport.plainLoopback().withPublicUrl(base)));
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    TestNetwork.User w = net.user("dr-wang");
    c.login(new ClientIdentity(net.suite, w.certificate(), w.keys().getPrivate()));
    for (String u : new String[] {"dr-wang", "patient-1"}) {
      c.submit(net.register(net.user(u)), true);
    }
    wang = net.login(node, "dr-wang").token();
    patient = net.login(node, "patient-1").token();
    byte[] key = net.user("patient-1").keys().getPublic().getEncoded();
    pid = PatientId.of(net.suite.hash(), key);
    c.submit(net.tx(w, "patients", "register", "publicKey", Hex.encode(key), "custody", "self", "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.user("patient-1").signer(), net.genesis.chainId(), pid, w.organisation()),
        "encryptionKeyCertificate", net.encryptionKeyCertificate("patient-1")), true);
    for (int i = 0; i < STORED; i++) {
      HttpResponse<String> r = call("POST", "/fhir/Observation", wang, observation(i));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      created.add(r.headers().firstValue("Location").orElseThrow());
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static String observation(int i) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Glucose " + i + "\"},"
        + "\"subject\":{\"reference\":\"Patient/" + pid + "\"},\"valueQuantity\":{\"value\":5.40,\"unit\":\"mmol/L\"}}";
  }

  static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + path))
        .header("Authorization", "Bearer " + token);
    b = body == null ? b.GET() : b.header("Content-Type", "application/fhir+json").method(method, HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Checks the answer is FHIR JSON that HAPI's instance validator accepts, and returns it as a tree. */
  static JsonNode fhir(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
    FhirConformance.assertValid(r.body());
    return JSON.readTree(r.body());
  }

  static String link(JsonNode bundle, String relation) {
    for (JsonNode l : bundle.path("link")) {
      if (l.path("relation").asText().equals(relation)) {
        return l.path("url").asText();
      }
    }
    return null;
  }

  static String diagnostics(HttpResponse<String> r) throws Exception {
    JsonNode o = fhir(r);
    assertThat(o.path("resourceType").asText()).isEqualTo("OperationOutcome");
    return o.path("issue").path(0).path("diagnostics").asText();
  }

  @Test
  void aSearchIsPagedByCountWithNextAndPreviousLinksUnderThePublicAddress() throws Exception {
    // Other tests of this class store more: the pages are checked against one search of them all.
    JsonNode all = fhir(call("GET", "/fhir/DocumentReference?patient=" + pid + "&_count=1000", patient, null));
    int total = all.path("total").asInt();
    assertThat(total).isGreaterThanOrEqualTo(STORED);
    assertThat(all.path("entry")).hasSize(total);
    assertThat(link(all, "next")).isNull();
    List<String> every = new ArrayList<>();
    all.path("entry").forEach(e -> every.add(e.path("resource").path("id").asText()));

    JsonNode page1 = fhir(call("GET", "/fhir/DocumentReference?patient=" + pid + "&_count=2", patient, null));
    assertThat(page1.path("total").asInt()).isEqualTo(total);
    assertThat(page1.path("entry")).hasSize(2);
    assertThat(link(page1, "self")).isEqualTo(base + "/fhir/DocumentReference?patient=" + pid + "&_count=2&_offset=0");
    assertThat(link(page1, "previous")).isNull();
    assertThat(link(page1, "next")).isEqualTo(base + "/fhir/DocumentReference?patient=" + pid + "&_count=2&_offset=2");
    List<String> paged = new ArrayList<>();
    JsonNode page = page1;
    int pages = 1;
    while (true) {
      assertThat(page.path("entry").size()).isBetween(1, 2);
      page.path("entry").forEach(e -> paged.add(e.path("resource").path("id").asText()));
      String next = link(page, "next");
      if (next == null) {
        break;
      }
      page = fhir(call("GET", next.substring(base.length()), patient, null));
      pages++;
      assertThat(link(page, "previous")).isEqualTo(base + "/fhir/DocumentReference?patient=" + pid + "&_count=2&_offset="
          + (pages - 2) * 2);
    }
    assertThat(pages).as("the last page has no next link").isEqualTo((total + 1) / 2);
    assertThat(paged).as("every match once, in the search's order").isEqualTo(every);
    List<String> stored = new ArrayList<>();
    created.forEach(l -> stored.add(idIn(l)));
    assertThat(paged).containsAll(stored);

    JsonNode countOnly = fhir(call("GET", "/fhir/DocumentReference?patient=" + pid + "&_count=0", patient, null));
    assertThat(countOnly.path("total").asInt()).isEqualTo(total);
    assertThat(countOnly.has("entry")).isFalse();
    JsonNode byDefault = fhir(call("GET", "/fhir/Provenance?patient=" + pid, patient, null));
    assertThat(byDefault.path("entry").size()).isEqualTo(byDefault.path("total").asInt());
    assertThat(link(byDefault, "self")).endsWith("&_count=100&_offset=0");
  }

  @Test
  void aCountAboveTheCapOrMalformedIsRefusedNamingIt() throws Exception {
    HttpResponse<String> above = call("GET", "/fhir/AuditEvent?_count=1001", patient, null);
    assertThat(above.statusCode()).isEqualTo(400);
    assertThat(diagnostics(above)).contains("_count 1001", "cap of 1000");
    assertThat(fhir(above).path("issue").path(0).path("code").asText()).isEqualTo("too-costly");
    HttpResponse<String> huge = call("GET", "/fhir/AuditEvent?_count=1000000000000", patient, null);
    assertThat(huge.statusCode()).isEqualTo(400);
    assertThat(diagnostics(huge)).contains("_count");
    for (String bad : List.of("_count=abc", "_count=-1", "_count=2&_count=3", "_offset=x", "_offset=-5")) {
      HttpResponse<String> r = call("GET", "/fhir/DocumentReference?" + bad, patient, null);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(diagnostics(r)).as(bad).contains(bad.substring(0, bad.indexOf('=')));
    }
    assertThat(call("GET", "/fhir/AuditEvent?_count=1000", patient, null).statusCode()).as("the cap itself").isEqualTo(200);
  }

  @Test
  void aForgedHostHeaderAppearsInNoLinkNorLocation() throws Exception {
    String search = raw("GET /fhir/DocumentReference?patient=" + pid + " HTTP/1.1", patient, null);
    assertThat(search).startsWith("HTTP/1.1 200").doesNotContain("evil.example")
        .contains("\"fullUrl\":\"" + base + "/fhir/DocumentReference/").contains("\"url\":\"" + base + "/fhir/Observation/");
    String post = raw("POST /fhir/Observation HTTP/1.1", wang, observation(99));
    assertThat(post).startsWith("HTTP/1.1 201").doesNotContain("evil.example");
    assertThat(post.toLowerCase(java.util.Locale.ROOT)).contains("location: " + base.toLowerCase(java.util.Locale.ROOT) + "/fhir/observation/");
    String metadata = raw("GET /fhir/metadata HTTP/1.1", patient, null);
    assertThat(metadata).startsWith("HTTP/1.1 200").doesNotContain("evil.example").contains("\"url\":\"" + base + "/fhir\"");
  }

  /** One request on a plain socket with {@code Host: evil.example}; the whole answer, headers and body. */
  static String raw(String requestLine, String token, String body) throws Exception {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", node.apiPort())) {
      String head = requestLine + "\r\nHost: evil.example\r\nAuthorization: Bearer " + token + "\r\n"
          + (body == null ? "" : "Content-Type: application/fhir+json\r\n") + "Content-Length: " + b.length
          + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(b);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aTypeNobodyRegisteredIsA404AndAnInteractionATypeLacksA405() throws Exception {
    for (String path : List.of("/fhir/NoSuchThing", "/fhir/NoSuchThing/abc")) {
      HttpResponse<String> r = call("GET", path, patient, null);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(diagnostics(r)).contains("serves no FHIR NoSuchThing");
    }
    HttpResponse<String> post = call("POST", "/fhir/NoSuchThing", wang, "{\"resourceType\":\"NoSuchThing\"}");
    assertThat(post.statusCode()).isEqualTo(404);
    fhir(post);
    HttpResponse<String> search = call("GET", "/fhir/Observation?patient=" + pid, patient, null);
    assertThat(search.statusCode()).as("content is not searched").isEqualTo(405);
    assertThat(diagnostics(search)).contains("no search-type");
    HttpResponse<String> create = call("POST", "/fhir/Consent", wang, "{\"resourceType\":\"Consent\"}");
    assertThat(create.statusCode()).as("consents are ledger transactions").isEqualTo(405);
    assertThat(diagnostics(create)).contains("no create");
    assertThat(call("GET", "/fhir/AuditEvent/1-ab-0", patient, null).statusCode()).isEqualTo(405);
  }

  @Test
  void metadataListsExactlyTheRegisteredTypesWithTheirInteractionsAndParameters() throws Exception {
    HttpResponse<String> r = call("GET", "/fhir/metadata", patient, null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode statement = fhir(r);
    assertThat(statement.path("resourceType").asText()).isEqualTo("CapabilityStatement");
    assertThat(statement.path("fhirVersion").asText()).isEqualTo("4.0.1");
    JsonNode rest = statement.path("rest").path(0);
    assertThat(rest.path("documentation").asText()).contains("at most 1000 matches a page");
    Map<String, JsonNode> types = new TreeMap<>();
    rest.path("resource").forEach(t -> types.put(t.path("type").asText(), t));
    TreeSet<String> registered = new TreeSet<>(RecordsFhirTypes.storedTypes());
    registered.addAll(RecordsFhirTypes.LEDGER_TYPES);
    assertThat(types.keySet()).isEqualTo(registered);
    assertThat(codes(types.get("AuditEvent").path("interaction"), "code")).containsExactly("search-type");
    assertThat(codes(types.get("AuditEvent").path("searchParam"), "name")).containsExactly("patient", "date");
    assertThat(codes(types.get("DocumentReference").path("interaction"), "code")).containsExactly("read", "search-type");
    assertThat(codes(types.get("Observation").path("interaction"), "code")).containsExactly("read", "vread", "create");
    assertThat(types.get("Observation").has("searchParam")).isFalse();
  }

  /** The record id in a create's {@code Location}: {@code …/Observation/{id}/_history/1}. */
  static String idIn(String location) {
    assertThat(location).endsWith("/_history/1");
    String resource = location.substring(0, location.length() - "/_history/1".length());
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  static List<String> codes(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  @Test
  void aStoredResourceIsServedByteForByteAndABinaryWithItsContentType() throws Exception {
    String id = idIn(created.get(0));
    HttpResponse<String> read = signedRead("/fhir/Observation/" + id, id);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(read.body()).as("5.40 keeps its digits: nothing re-serialised").isEqualTo(observation(0));
    assertThat(read.headers().firstValue("ETag")).as("its one version, as its create's Location named it").hasValue("W/\"1\"");

    byte[] pdf = "%PDF-1.4 scan".getBytes(StandardCharsets.US_ASCII);
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    TestNetwork.User w = net.user("dr-wang");
    c.login(new ClientIdentity(net.suite, w.certificate(), w.keys().getPrivate()));
    String binary = c.storeRecord(pid.toString(), "imaging", pdf, "application/pdf").path("record").asText();
    HttpResponse<String> content = signedRead("/fhir/Binary/" + binary, binary);
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.headers().firstValue("Content-Type").orElse("")).startsWith("application/octet-stream");
    assertThat(content.body()).isEqualTo("%PDF-1.4 scan");
    assertThat(content.headers().firstValue("ETag")).hasValue("W/\"1\"");
    HttpResponse<String> binaryVersion = signedRead("/fhir/Binary/" + binary + "/_history/1", binary);
    assertThat(binaryVersion.statusCode()).as("a Binary's one version, by vread").isEqualTo(200);
    assertThat(binaryVersion.body()).isEqualTo("%PDF-1.4 scan");
    assertThat(binaryVersion.headers().firstValue("ETag")).hasValue("W/\"1\"");
    Bundle docs = (Bundle) FhirJson.parse(call("GET", "/fhir/DocumentReference?patient=" + pid + "&_count=1000", patient, null)
        .body().getBytes(StandardCharsets.UTF_8));
    assertThat(docs.getEntry()).extracting(e -> ((org.hl7.fhir.r4.model.DocumentReference) e.getResource())
        .getContentFirstRep().getAttachment().getUrl()).contains(base + "/v1/records/" + binary + "/content",
            base + "/fhir/Observation/" + id);
    HttpResponse<String> wrongType = signedRead("/fhir/Observation/" + binary, binary);
    assertThat(wrongType.statusCode()).isEqualTo(404);
    assertThat(((OperationOutcome) FhirJson.parse(wrongType.body().getBytes(StandardCharsets.UTF_8))).getIssueFirstRep()
        .getDiagnostics()).contains("is a Binary, not a Observation");
  }

  static HttpResponse<String> signedRead(String path, String record) throws Exception {
    TestNetwork.User u = net.user("dr-wang");
    var request = new org.medledger.apps.records.contract.audit.ReadRequest(net.genesis.signingChainId(), u.id(),
        org.medledger.crypto.Hash.fromHex(record), org.medledger.apps.records.contract.consent.PurposeOfUse.TREAT, "", System.currentTimeMillis(),
        org.medledger.crypto.Hash.of(net.suite.hash().hash(("facade-read-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8))));
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + path))
        .header("Authorization", "Bearer " + wang)
        .header(org.medledger.apps.records.contract.audit.SignedReadRequest.HEADER,
            org.medledger.apps.records.contract.audit.SignedReadRequest.sign(request, u.signer()).toHex()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
