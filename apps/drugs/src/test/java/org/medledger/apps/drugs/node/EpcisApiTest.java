package org.medledger.apps.drugs.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptQr;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.Sscc;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;

/**
 * EPCIS 2.0 through a real node: capture documents (a maker commissions, packs and ships; the
 * receiver receives), a capture that fails as a whole, an error declaration, invalid documents
 * named to the field, the query document in Digital Link form, labels that scan back to the
 * ledger's Digital Link, the holders of a recalled lot, and public scans counted into clone
 * detection.
 */
class EpcisApiTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GTIN = "09506000134376";
  static final String SSCC = Sscc.withCheckDigit("10950600013400001").value();
  static String makerToken;
  static String receiverToken;
  static String regulatorToken;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    MedLedgerClient c = new MedLedgerClient(base());
    TestNetwork.User admin = net.user("admin-a");
    makerToken = c.login(new ClientIdentity(net.suite, admin.certificate(), admin.keys().getPrivate()));
    c.submit(net.register(admin), true);
    // GTINs belong to the owner of their GS1 company prefix, which the regulator records (issue 22, finding 3).
    TestNetwork.User inspector = net.user("inspector");
    MedLedgerClient regulator = new MedLedgerClient(base());
    regulator.login(new ClientIdentity(net.suite, inspector.certificate(), inspector.keys().getPrivate()));
    regulator.submit(net.register(inspector), true);
    org.assertj.core.api.Assertions.assertThat(regulator.submit(net.tx(inspector, "drugs", "recordPrefix", "prefix", "9506000",
        "organisation", "hospital-a"), true).at("/outcome/success").asBoolean()).isTrue();
    c.submit(net.tx(admin, "drugs", "registerGtin", "gtin", GTIN), true);
    HttpResponse<String> unauthorised = post("/epcis/capture", makerToken, document(objectEvent(null, "ADD", "commissioning", quoted(pack(900)),
        ",\"ilmd\":{\"lotNumber\":\"X\",\"itemExpirationDate\":\"2030-01-31\"}")));
    assertThat(unauthorised.statusCode()).as("the maker has not chosen this node yet").isEqualTo(403);
    assertThat(unauthorised.body()).contains("drugs.authorizeRelay");
    c.submit(net.tx(admin, "drugs", "authorizeRelay", "node", "hospital-a"), true);
    for (String name : List.of("admin-b", "inspector")) {
      TestNetwork.User u = net.user(name);
      MedLedgerClient other = new MedLedgerClient(base());
      String token = other.login(new ClientIdentity(net.suite, u.certificate(), u.keys().getPrivate()));
      other.submit(net.register(u), true);
      other.submit(net.tx(u, "drugs", "authorizeRelay", "node", "hospital-a"), true);
      if (name.equals("admin-b")) {
        receiverToken = token;
      } else {
        regulatorToken = token;
      }
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static String base() {
    return "http://127.0.0.1:" + node.apiPort();
  }

  static String pack(int serial) {
    return "https://id.gs1.org/01/" + GTIN + "/21/" + serial;
  }

  static String document(String... events) {
    return "{\"@context\":[\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"],\"type\":\"EPCISDocument\","
        + "\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-11-26T08:00:00Z\",\"epcisBody\":{\"eventList\":["
        + String.join(",", events) + "]}}";
  }

  static String objectEvent(String id, String action, String bizStep, String epcs, String extra) {
    return "{\"type\":\"ObjectEvent\"," + (id == null ? "" : "\"eventID\":\"" + id + "\",")
        + "\"eventTime\":\"2026-11-26T08:00:00.000+01:00\",\"eventTimeZoneOffset\":\"+01:00\",\"action\":\"" + action
        + "\",\"bizStep\":\"" + bizStep + "\",\"epcList\":[" + epcs + "]" + extra + "}";
  }

  static String quoted(String... values) {
    List<String> q = new ArrayList<>();
    for (String v : values) {
      q.add("\"" + v + "\"");
    }
    return String.join(",", q);
  }

  static HttpResponse<String> post(String path, String token, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/ld+json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<byte[]> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode getJson(String path, String token) throws Exception {
    HttpResponse<byte[]> r = get(path, token);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static JsonNode capture(String token, String doc) throws Exception {
    HttpResponse<String> r = post("/epcis/capture", token, doc);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.headers().firstValue("Location").orElse("")).startsWith("/epcis/capture/");
    return JSON.readTree(r.body());
  }

  static String outcome(int serial) throws Exception {
    return getJson("/01/" + GTIN + "/21/" + serial, makerToken).get("outcome").asText();
  }

  @Test
  void aMakerCommissionsPacksAndShipsACaseThatTheReceiverReceivesAllThroughEpcis() throws Exception {
    String commission = objectEvent("urn:uuid:c-1", "ADD", "https://ref.gs1.org/cbv/BizStep-commissioning",
        quoted(pack(1), pack(2), pack(3), pack(4), "urn:epc:id:sgtin:9506000.013437.5", pack(6), pack(7), pack(8)),
        ",\"disposition\":\"active\",\"ilmd\":{\"cbvmda:lotNumber\":\"LOT-E1\",\"cbvmda:itemExpirationDate\":\"2030-06-30\"}");
    String packing = "{\"type\":\"AggregationEvent\",\"eventID\":\"urn:uuid:a-1\",\"eventTime\":\"2026-11-26T08:05:00Z\","
        + "\"eventTimeZoneOffset\":\"+00:00\",\"action\":\"ADD\",\"bizStep\":\"packing\",\"parentID\":\"https://id.gs1.org/00/" + SSCC
        + "\",\"childEPCs\":[" + quoted(pack(1), pack(2), pack(3), pack(4)) + "]}";
    String shipping = objectEvent("urn:uuid:s-1", "OBSERVE", "shipping", quoted("urn:epc:id:sscc:" + SSCC.substring(1, 8) + "." + SSCC.charAt(0) + SSCC.substring(8, 17), pack(5)),
        ",\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"urn:medledger:org:hospital-b\"}]");
    JsonNode job = capture(makerToken, document(commission, packing, shipping));
    assertThat(job.get("success").asBoolean()).as(job.toString()).isTrue();
    assertThat(job.get("events").asInt()).isEqualTo(3);
    JsonNode again = getJson("/epcis/capture/" + job.get("captureID").asText(), makerToken);
    assertThat(again.get("success").asBoolean()).isTrue();
    assertThat(get("/epcis/capture/" + job.get("captureID").asText(), receiverToken).statusCode()).as("not hers").isEqualTo(404);

    String receiving = objectEvent("urn:uuid:r-1", "OBSERVE", "receiving", quoted("https://id.gs1.org/00/" + SSCC, pack(5)), "");
    assertThat(capture(receiverToken, document(receiving)).get("success").asBoolean()).isTrue();
    assertThat(getJson("/01/" + GTIN + "/21/2", receiverToken).get("outcome").asText()).isEqualTo("genuine");
    assertThat(outcome(6)).as("still at the maker").isEqualTo("genuine");

    JsonNode q = getJson("/epcis/events?MATCH_anyEPC=" + pack(2), makerToken);
    assertThat(q.get("type").asText()).isEqualTo("EPCISQueryDocument");
    JsonNode events = q.at("/epcisBody/queryResults/resultsBody/eventList");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("bizStep").asText()).isEqualTo("commissioning");
    assertThat(events.get(0).get("epcList").get(4).asText()).isEqualTo(pack(5));
    assertThat(events.get(0).at("/ilmd/cbvmda:lotNumber").asText()).isEqualTo("LOT-E1");
    assertThat(events.get(0).at("/ilmd/cbvmda:itemExpirationDate").asText()).isEqualTo("2030-06-30");
    assertThat(events.get(0).get("medledger:relayedBy").asText()).isEqualTo("hospital-a-node");
    assertThat(events.get(1).get("type").asText()).isEqualTo("AggregationEvent");
    assertThat(events.get(1).get("parentID").asText()).isEqualTo("https://id.gs1.org/00/" + SSCC);
    assertThat(getJson("/epcis/events?MATCH_epc=" + pack(2), makerToken).at("/epcisBody/queryResults/resultsBody/eventList"))
        .as("MATCH_epc reads epcList and childEPCs").hasSize(2);
    assertThat(getJson("/epcis/events?MATCH_epc=https://id.gs1.org/00/" + SSCC, makerToken).at("/epcisBody/queryResults/resultsBody/eventList")
        .findValuesAsText("bizStep")).as("MATCH_epc leaves parentID out").containsExactly("shipping", "receiving");
    assertThat(getJson("/epcis/events?MATCH_parentID=https://id.gs1.org/00/" + SSCC + "&eventType=AggregationEvent", makerToken)
        .at("/epcisBody/queryResults/resultsBody/eventList")).hasSize(1);
    JsonNode shipped = getJson("/epcis/events?EQ_bizStep=shipping&MATCH_epc=https://id.gs1.org/00/" + SSCC, receiverToken)
        .at("/epcisBody/queryResults/resultsBody/eventList");
    assertThat(shipped).hasSize(1);
    assertThat(shipped.get(0).at("/destinationList/0/destination").asText()).isEqualTo("urn:medledger:org:hospital-b");
    JsonNode receiverSees = getJson("/epcis/events?perPage=1", receiverToken);
    assertThat(receiverSees.at("/epcisBody/queryResults/resultsBody/eventList")).hasSize(1);
    assertThat(receiverSees.get("medledger:nextPageToken").asText()).isEqualTo("1");

    JsonNode caseView = getJson("/00/" + SSCC, receiverToken);
    assertThat(caseView.get("contents")).hasSize(4);
  }

  @Test
  void aCaptureWithOneBadEventChangesNothingAndInvalidDocumentsNameTheField() throws Exception {
    String ok = objectEvent(null, "ADD", "commissioning", quoted(pack(100), pack(101)),
        ",\"ilmd\":{\"lotNumber\":\"LOT-E2\",\"itemExpirationDate\":\"2030-01-31\"}");
    String notHeld = objectEvent(null, "OBSERVE", "shipping", quoted(pack(999_999)),
        ",\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"urn:medledger:org:hospital-b\"}]");
    JsonNode job = capture(makerToken, document(ok, notHeld));
    assertThat(job.get("success").asBoolean()).isFalse();
    assertThat(job.at("/errors/0/detail").asText()).contains("event 1").contains("999999");
    assertThat(outcome(100)).as("the first event did not stay").isEqualTo("unknown_serial");

    HttpResponse<String> r = post("/epcis/capture", makerToken, document(ok.replace("\"eventTime\":\"2026-11-26T08:00:00.000+01:00\",", "")));
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode problem = JSON.readTree(r.body());
    assertThat(problem.get("type").asText()).isEqualTo("epcisException:ValidationException");
    assertThat(problem.get("field").asText()).isEqualTo("epcisBody.eventList[0].eventTime");
    assertThat(JSON.readTree(post("/epcis/capture", makerToken, document(ok.replace(pack(101), "https://id.gs1.org/01/" + GTIN.substring(0, 13) + "5/21/1"))).body())
        .get("field").asText()).isEqualTo("epcisBody.eventList[0].epcList[1]");
    assertThat(JSON.readTree(post("/epcis/capture", makerToken, document(ok).replace("EPCISDocument", "EPCISQueryDocument")).body())
        .get("field").asText()).isEqualTo("type");
    assertThat(JSON.readTree(post("/epcis/capture", makerToken, document(ok.replace("commissioning", "inspecting"))).body())
        .get("field").asText()).isEqualTo("epcisBody.eventList[0].bizStep");
    assertThat(JSON.readTree(post("/epcis/capture", makerToken, "{not json").body()).get("field").asText()).isEqualTo("$");
    assertThat(get("/epcis/events?color=blue", makerToken).statusCode()).isEqualTo(400);
    assertThat(post("/epcis/capture", "nonsense", document(ok)).statusCode()).isEqualTo(401);
    HttpResponse<String> proceed = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/epcis/capture"))
        .header("Authorization", "Bearer " + makerToken).header("GS1-Capture-Error-Behaviour", "proceed")
        .POST(HttpRequest.BodyPublishers.ofString(document(ok))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(proceed.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(proceed.body()).get("field").asText()).isEqualTo("GS1-Capture-Error-Behaviour");
    assertThat(proceed.headers().firstValue("GS1-EPCIS-Version")).contains("2.0.0");
  }

  /** RestBodyFuzzTest's finding: a refusal quoting a non-ASCII character was written as ISO-8859-1, not JSON. */
  @Test
  void aRefusalQuotingANonAsciiCharacterIsUtf8Json() throws Exception {
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/epcis/capture"))
        .header("Authorization", "Bearer " + makerToken).header("Content-Type", "application/ld+json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\" \u00ba}", java.nio.charset.StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(400);
    String detail = JSON.readTree(r.body()).get("detail").asText();
    // Jackson quotes the first byte of the character (0xC2, read as U+00C2): a non-ASCII character either way.
    assertThat(detail).startsWith("$: not JSON").contains("\u00c2");
  }

  @Test
  void aShipmentDeclaredInErrorComesBackAndTheQueryShowsTheDeclaration() throws Exception {
    String commission = objectEvent(null, "ADD", "commissioning", quoted(pack(200), pack(201)),
        ",\"ilmd\":{\"lotNumber\":\"LOT-E3\",\"itemExpirationDate\":\"2030-01-31\"}");
    String wrongShip = objectEvent("urn:uuid:wrong-ship", "OBSERVE", "shipping", quoted(pack(200), pack(201)),
        ",\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"hospital-b\"}]");
    assertThat(capture(makerToken, document(commission, wrongShip)).get("success").asBoolean()).isTrue();
    String declaration = objectEvent("urn:uuid:wrong-ship", "OBSERVE", "shipping", quoted(pack(200), pack(201)),
        ",\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"hospital-b\"}],"
            + "\"errorDeclaration\":{\"declarationTime\":\"2026-11-26T09:00:00Z\",\"reason\":\"https://ref.gs1.org/cbv/ER-incorrect_data\"}");
    JsonNode job = capture(makerToken, document(declaration));
    assertThat(job.get("success").asBoolean()).as(job.toString()).isTrue();
    JsonNode received = capture(receiverToken, document(objectEvent(null, "OBSERVE", "receiving", quoted(pack(200)), "")));
    assertThat(received.get("success").asBoolean()).as("the shipment was called back").isFalse();
    JsonNode events = getJson("/epcis/events?EQ_bizStep=shipping&MATCH_epc=" + pack(200), makerToken).at("/epcisBody/queryResults/resultsBody/eventList");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).at("/errorDeclaration/reason").asText()).isEqualTo("incorrect_data");
    assertThat(getJson("/01/" + GTIN + "/21/200", makerToken).get("trace").toString()).contains("declared in error by hospital-a");
  }

  @Test
  void aShipmentOfSeveralGtinsIsOneEventOnTheLedgerAndInTheQuery() throws Exception {
    String second = "09506000134369";
    new MedLedgerClient(base()).withToken(makerToken).submit(net.tx(net.user("admin-a"), "drugs", "registerGtin", "gtin", second), true);
    String ilmd = ",\"ilmd\":{\"lotNumber\":\"LOT-M\",\"itemExpirationDate\":\"2031-03-31\"}";
    String other = "https://id.gs1.org/01/" + second + "/21/";
    assertThat(post("/epcis/capture", makerToken, document(objectEvent(null, "ADD", "commissioning", quoted(pack(700), other + "700"),
        ilmd))).body()).contains("commissioning names packs of one GTIN");
    capture(makerToken, document(objectEvent(null, "ADD", "commissioning", quoted(pack(700), pack(701)), ilmd),
        objectEvent(null, "ADD", "commissioning", quoted(other + "700"), ilmd)));
    JsonNode shipped = capture(makerToken, document(objectEvent("urn:uuid:mixed-1", "OBSERVE", "shipping",
        quoted(pack(700), other + "700", pack(701)),
        ",\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"urn:medledger:org:hospital-b\"}]")));
    assertThat(shipped.get("success").asBoolean()).as(shipped.toString()).isTrue();
    assertThat(capture(receiverToken, document(objectEvent(null, "OBSERVE", "receiving", quoted(other + "700", pack(700), pack(701)), "")))
        .get("success").asBoolean()).isTrue();
    JsonNode events = getJson("/epcis/events?EQ_bizStep=shipping&MATCH_epc=" + other + "700", makerToken)
        .at("/epcisBody/queryResults/resultsBody/eventList");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("eventID").asText()).isEqualTo("urn:uuid:mixed-1");
    List<String> epcs = new ArrayList<>();
    events.get(0).get("epcList").forEach(x -> epcs.add(x.asText()));
    assertThat(epcs).containsExactlyInAnyOrder(pack(700), other + "700", pack(701));
    assertThat(getJson("/01/" + second + "/21/700", receiverToken).get("trace").toString()).contains("receive by hospital-b");
  }

  @Test
  void serialsHoldingACommaOrTwoDotsAreCapturedAsTheOnePackEachNames() throws Exception {
    // "A,B" and "5..7" are GS1 serials (character set 82): one pack each, not two packs or a run of three
    JsonNode job = capture(makerToken, document(objectEvent(null, "ADD", "commissioning",
        quoted("https://id.gs1.org/01/" + GTIN + "/21/A%2CB", "urn:epc:id:sgtin:9506000.013437.5..7"),
        ",\"ilmd\":{\"lotNumber\":\"LOT-S\",\"itemExpirationDate\":\"2031-03-31\"}")));
    assertThat(job.get("success").asBoolean()).as(job.toString()).isTrue();
    assertThat(getJson("/01/" + GTIN + "/21/A%2CB", makerToken).get("outcome").asText()).isEqualTo("genuine");
    assertThat(getJson("/01/" + GTIN + "/21/5..7", makerToken).get("outcome").asText()).isEqualTo("genuine");
    assertThat(getJson("/01/" + GTIN + "/21/A", makerToken).get("outcome").asText()).isEqualTo("unknown_serial");
    JsonNode events = getJson("/epcis/events?MATCH_epc=https://id.gs1.org/01/" + GTIN + "/21/A%252CB", makerToken)
        .at("/epcisBody/queryResults/resultsBody/eventList");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("epcList")).hasSize(2);
  }

  @Test
  void labelsScanBackToTheLedgersDigitalLink() throws Exception {
    capture(makerToken, document(objectEvent(null, "ADD", "commissioning", quoted(pack(300)),
        ",\"ilmd\":{\"lotNumber\":\"LOT-E4\",\"itemExpirationDate\":\"2031-03-31\"}")));
    HttpResponse<byte[]> png = get("/v1/drugs/labels/01/" + GTIN + "/21/300?base=https://verify.example.org", makerToken);
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type").orElse("")).startsWith("image/png");
    assertThat(ReceiptQr.readText(png.body())).isEqualTo("https://verify.example.org/01/" + GTIN + "/21/300?10=LOT-E4&17=310331");
    String svg = new String(get("/v1/drugs/labels/01/" + GTIN + "/21/300?format=svg", makerToken).body(), StandardCharsets.UTF_8);
    assertThat(svg).startsWith("<svg").contains("(10) LOT-E4").contains("<path fill=\"#000\" d=\"M");
    assertThat(get("/v1/drugs/labels/01/" + GTIN + "/21/301", makerToken).statusCode()).isEqualTo(404);
    assertThat(get("/v1/drugs/labels/01/" + GTIN + "/21/300", null).statusCode()).isEqualTo(401);
  }

  @Test
  void holdersOfARecalledLotAreListedForTheMakerAndTheRegulator() throws Exception {
    capture(makerToken, document(
        objectEvent(null, "ADD", "commissioning", quoted(pack(400), pack(401), pack(402)), ",\"ilmd\":{\"lotNumber\":\"LOT-R\",\"itemExpirationDate\":\"2031-03-31\"}"),
        objectEvent(null, "OBSERVE", "shipping", quoted(pack(400)), ",\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"hospital-b\"}]")));
    MedLedgerClient c = new MedLedgerClient(base());
    TestNetwork.User reg = net.user("inspector");
    c.login(new ClientIdentity(net.suite, reg.certificate(), reg.keys().getPrivate()));
    c.submit(net.tx(reg, "drugs", "recall", "gtin", GTIN, "lot", "LOT-R", "reason", "particles found"), true);
    JsonNode all = getJson("/v1/drugs/recalls/" + GTIN + "/LOT-R", regulatorToken);
    assertThat(all.at("/recall/reason").asText()).isEqualTo("particles found");
    assertThat(all.get("holders").toString()).contains("\"organisation\":\"hospital-a\"").contains("\"packs\":2")
        .contains("\"organisation\":\"hospital-b\"");
    JsonNode own = getJson("/v1/drugs/recalls/" + GTIN + "/LOT-R", receiverToken);
    assertThat(own.get("complete").asBoolean()).isFalse();
    assertThat(own.get("holders")).hasSize(1);
    assertThat(outcome(401)).isEqualTo("recalled");
  }

  /**
   * On a one-validator network the public's scans are counted, but they never brand a pack: a
   * branding needs the reports of two organisations' nodes (issue 22, finding 4; the four-node case
   * is DrugNetworkTest and CloneBrandingNetworkTest).
   */
  @Test
  void publicScansFromManyNetworksAreCountedButOneNodeAloneBrandsNoClone() throws Exception {
    capture(makerToken, document(objectEvent(null, "ADD", "commissioning", quoted(pack(500), pack(501)),
        ",\"ilmd\":{\"lotNumber\":\"LOT-S\",\"itemExpirationDate\":\"2031-03-31\"}")));
    for (int net = 1; net <= 5; net++) {
      String body = rawGet("127." + net + ".0.1", "/01/" + GTIN + "/21/500");
      assertThat(body).contains("\"outcome\":\"genuine\"");
    }
    rawGet("127.1.0.1", "/01/" + GTIN + "/21/501");
    JsonNode scanned = null;
    for (int i = 0; i < 50; i++) {
      Thread.sleep(200);
      scanned = getJson("/01/" + GTIN + "/21/500", makerToken);
      if (scanned.at("/scans/count").asLong() == 5) {
        break;
      }
    }
    assertThat(scanned.at("/scans/count").asLong()).as(scanned.toString()).isEqualTo(5);
    assertThat(scanned.at("/scans/places").asInt()).isEqualTo(5);
    assertThat(scanned.at("/scans/organisations").asInt()).isEqualTo(1);
    assertThat(scanned.get("outcome").asText()).isEqualTo("genuine");
    assertThat(getJson("/01/" + GTIN + "/21/501", makerToken).get("outcome").asText()).isEqualTo("genuine");
  }

  /** A plain HTTP GET from a chosen loopback address: each 127.n.0.1 is another /24, another place. */
  static String rawGet(String from, String path) throws Exception {
    return rawGet(from, node.apiPort(), path);
  }

  /**
   * The EPCIS 2.0 REST binding wants its version headers on every response: the server's own
   * refusals under /epcis/, given before the EPCIS handler runs (no token, a forged one, a body
   * over the route's class, no such route), carry them too; a /v1 answer does not.
   */
  @Test
  void thePlatformsOwnRefusalsUnderEpcisCarryTheBindingsVersionHeaders() throws Exception {
    String noToken = rawPost("127.0.0.5", node.apiPort(), "/epcis/capture", null, "2", "{}");
    assertThat(noToken).startsWith("HTTP/1.1 401");
    assertThat(noToken).containsIgnoringCase("GS1-EPCIS-Version: 2.0.0").containsIgnoringCase("GS1-CBV-Version: 2.0.0");
    HttpResponse<byte[]> forged = get("/epcis/events", "forged-token");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.headers().firstValue("GS1-EPCIS-Version")).contains("2.0.0");
    assertThat(forged.headers().firstValue("GS1-CBV-Version")).contains("2.0.0");

    // A document declaring 9 MiB is over the bulk class (8 MiB): refused before a byte is read.
    String tooLarge = rawPost("127.0.0.5", node.apiPort(), "/epcis/capture", makerToken, Integer.toString(9 << 20), "{");
    assertThat(tooLarge).startsWith("HTTP/1.1 413").contains("at most " + (8 << 20) + " bytes");
    assertThat(tooLarge).containsIgnoringCase("GS1-EPCIS-Version: 2.0.0").containsIgnoringCase("GS1-CBV-Version: 2.0.0");
    // 100 KiB is over the standard class but within the route's own: the EPCIS reader answers it.
    String padded = "{\"pad\":\"" + "x".repeat(100 << 10) + "\"}";
    HttpResponse<String> bulk = post("/epcis/capture", makerToken, padded);
    assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(400);
    assertThat(bulk.body()).contains("epcisException:ValidationException");

    HttpResponse<byte[]> nowhere = get("/epcis/nowhere", makerToken);
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(nowhere.headers().firstValue("GS1-EPCIS-Version")).contains("2.0.0");
    assertThat(get("/v1/drugs/recalls/" + GTIN + "/LOT", "forged-token").headers().firstValue("GS1-EPCIS-Version"))
        .as("only under /epcis/").isEmpty();
  }

  /** A raw POST (a length the client may declare falsely), with a bearer token unless null. */
  static String rawPost(String from, int port, String path, String token, String declaredLength, String body) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/ld+json\r\nConnection: close\r\n"
          + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Content-Length: " + declaredLength + "\r\n\r\n"
          + body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new String(s.getInputStream().readNBytes(8192), StandardCharsets.UTF_8);
    }
  }

  static String rawGet(String from, int port, String path) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try (InputStream in = s.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}
