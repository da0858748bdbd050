package org.medledger.apps.drugs.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.DemoStage;

/**
 * The drug part of the demo: a maker commissions a few hundred packs and packs them into cases on
 * a pallet (EPCIS 2.0 capture), ships the pallet, declares a mistaken shipment in error; a
 * distributor and a pharmacy move cases along ship → receive and unpack them; a pharmacy
 * dispenses; the regulator recalls a lot and lists its holders; scans of the packs' GS1 Digital
 * Links answer genuine, counterfeit, clone (dispensed, or scanned from many networks), recalled
 * and diverted; a pack's label is printed and read back.
 */
final class DrugDemoChapter implements DemoChapter {
  static final String GTIN = "09506000134352";
  /** The GS1 company prefix {@link #GTIN} carries after its indicator digit: pharma-co's, recorded by the regulator. */
  static final String COMPANY_PREFIX = "9506000";
  // The stage this chapter plays on, set by play.
  private String chainId;
  private Map<String, ClientIdentity> ids;
  private Map<String, String> tokens;
  /** hospital-a's node, where members submit and consumers scan. */
  private String api;
  /** Another organisation's node: a clone is branded only on two organisations' reports. */
  private String apiB;
  private org.medledger.client.ApiServerTrust trust;
  private java.nio.file.Path data;
  private PrintStream out;

  @Override
  public int storyOrder() {
    return 30;
  }

  @Override
  public String title() {
    return "drug traceability";
  }

  @Override
  public void play(DemoStage stage) throws Exception {
    if (!stage.freshNetwork()) {
      return; // its GTIN, packs and cases are on the ledger already: committing them again would be refused
    }
    this.chainId = stage.chainId();
    this.ids = stage.identities();
    this.tokens = stage.tokens();
    this.api = stage.apiUrls().get(0);
    this.apiB = stage.apiUrls().get(1);
    this.trust = stage.trust();
    this.data = stage.dataDir();
    this.out = stage.out();
    run();
  }

  private void step(String user, String what, String method, String... args) {
    Map<String, String> a = new java.util.TreeMap<>();
    for (int i = 0; i < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    JsonNode r = new MedLedgerClient(api, trust).withToken(tokens.get(user))
        .submit(new TransactionBuilder(ids.get(user), chainId, Clock.systemUTC()).build("drugs", method, a), true);
    JsonNode o = r.path("outcome");
    out.println("  " + what + ": " + (o.path("success").asBoolean() ? "committed" : "refused (" + o.path("code").asText() + ": "
        + o.path("message").asText() + ")") + " at height " + r.path("height").asText());
  }

  private String scan(String path, String asUser) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).header("Accept", "application/json");
    if (asUser != null) {
      b.header("Authorization", "Bearer " + tokens.get(asUser));
    }
    JsonNode n = new ObjectMapper().readTree(HttpClient.newBuilder().sslContext(trust.sslContext()).build().send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    return n.path("outcome").asText() + " — " + n.path("message").asText();
  }

  /** POSTs an EPCIS 2.0 document as {@code user}; prints and returns whether its capture committed. */
  private boolean capture(String user, String what, String... events) throws Exception {
    String doc = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"],\"type\":\"EPCISDocument\","
        + "\"schemaVersion\":\"2.0\",\"creationDate\":\"" + java.time.Instant.now() + "\",\"epcisBody\":{\"eventList\":["
        + String.join(",", events) + "]}}";
    HttpResponse<String> r = HttpClient.newBuilder().sslContext(trust.sslContext()).build().send(HttpRequest.newBuilder(URI.create(api + "/epcis/capture"))
        .header("Authorization", "Bearer " + tokens.get(user)).header("Content-Type", "application/ld+json")
        .POST(HttpRequest.BodyPublishers.ofString(doc)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode n = new ObjectMapper().readTree(r.body());
    boolean ok = r.statusCode() == 202 && n.path("success").asBoolean();
    out.println("  " + what + " (EPCIS capture, " + events.length + " event" + (events.length == 1 ? "" : "s") + "): "
        + (ok ? "committed at height " + n.path("height").asText()
            : "refused (" + (r.statusCode() == 202 ? n.at("/errors/0/detail").asText() : n.path("detail").asText()) + ")"));
    return ok;
  }

  private static String event(String id, String type, String action, String bizStep, String body) {
    return "{\"type\":\"" + type + "\"" + (id == null ? "" : ",\"eventID\":\"" + id + "\"") + ",\"eventTime\":\"" + java.time.OffsetDateTime.now()
        + "\",\"eventTimeZoneOffset\":\"+00:00\",\"action\":\"" + action + "\",\"bizStep\":\"" + bizStep + "\"," + body + "}";
  }

  private static String packs(int from, int to) {
    java.util.List<String> uris = new java.util.ArrayList<>();
    for (int i = from; i <= to; i++) {
      uris.add("\"https://id.gs1.org/01/" + GTIN + "/21/" + i + "\"");
    }
    return String.join(",", uris);
  }

  private static String to(String org) {
    return ",\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"urn:medledger:org:" + org + "\"}]";
  }

  private JsonNode getJson(String path, String asUser) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).header("Accept", "application/json");
    if (asUser != null) {
      b.header("Authorization", "Bearer " + tokens.get(asUser));
    }
    return new ObjectMapper().readTree(HttpClient.newBuilder().sslContext(trust.sslContext()).build().send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  /** A consumer's scan from another network: a GET from a chosen loopback address (each 127.n.0.1 is its own /24). */
  private void scanFrom(String address, String base, String path) throws Exception {
    URI u = URI.create(base);
    try (java.net.Socket s = new java.net.Socket()) {
      s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(address), 0));
      s.connect(new java.net.InetSocketAddress(u.getHost(), u.getPort()), 5_000);
      // The scan leaves from its own address (a place), over the node's HTTPS like any consumer's.
      java.net.Socket t = "https".equals(u.getScheme())
          ? trust.sslContext().getSocketFactory().createSocket(s, u.getHost(), u.getPort(), true) : s;
      if (t instanceof javax.net.ssl.SSLSocket tls) {
        javax.net.ssl.SSLParameters p = tls.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(p);
      }
      t.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      t.getInputStream().readAllBytes();
    }
  }

  private void run() throws Exception {
    String caseA = org.medledger.apps.drugs.contract.gs1.Sscc.withCheckDigit("09506000100000001").value();
    String caseB = org.medledger.apps.drugs.contract.gs1.Sscc.withCheckDigit("09506000100000002").value();
    String pallet = org.medledger.apps.drugs.contract.gs1.Sscc.withCheckDigit("19506000100000009").value();
    out.println("drug traceability (GS1 GTIN " + GTIN + "):");
    step("inspector", "the regulator records that GS1 company prefix " + COMPANY_PREFIX + " belongs to pharma-co", "recordPrefix",
        "prefix", COMPANY_PREFIX, "organisation", "pharma-co", "reason", "GS1 licence");
    step("factory", "pharma-co registers the GTIN", "registerGtin", "gtin", GTIN);
    for (String user : new String[] {"factory", "warehouse", "pharmacist"}) {
      step(user, user + " lets hospital-a's node relay its EPCIS captures (signed by " + user + ")", "authorizeRelay", "node", "hospital-a");
    }
    capture("factory", "pharma-co commissions 300 packs of lot L2026A, packs 1-100 and 101-200 into two cases and both onto a pallet",
        event("urn:uuid:demo-commission", "ObjectEvent", "ADD", "commissioning", "\"epcList\":[" + packs(1, 300)
            + "],\"ilmd\":{\"cbvmda:lotNumber\":\"L2026A\",\"cbvmda:itemExpirationDate\":\"2028-12-31\"}"),
        event(null, "AggregationEvent", "ADD", "packing", "\"parentID\":\"https://id.gs1.org/00/" + caseA + "\",\"childEPCs\":[" + packs(1, 100) + "]"),
        event(null, "AggregationEvent", "ADD", "packing", "\"parentID\":\"https://id.gs1.org/00/" + caseB + "\",\"childEPCs\":[" + packs(101, 200) + "]"),
        event(null, "AggregationEvent", "ADD", "packing", "\"parentID\":\"https://id.gs1.org/00/" + pallet + "\",\"childEPCs\":["
            + "\"https://id.gs1.org/00/" + caseA + "\",\"https://id.gs1.org/00/" + caseB + "\"]"));
    step("factory", "pharma-co commissions 20 packs of lot L2026R", "commission", "gtin", GTIN, "lot", "L2026R", "expiry", "281231",
        "serials", "1001..1020");
    capture("factory", "pharma-co ships the pallet (200 packs) to dist-co",
        event("urn:uuid:demo-ship-pallet", "ObjectEvent", "OBSERVE", "shipping", "\"epcList\":[\"https://id.gs1.org/00/" + pallet + "\"]" + to("dist-co")));
    capture("factory", "pharma-co ships packs 201-210 to pharmacy-1 by mistake",
        event("urn:uuid:demo-wrong-ship", "ObjectEvent", "OBSERVE", "shipping", "\"epcList\":[" + packs(201, 210) + "]" + to("pharmacy-1")));
    capture("factory", "pharma-co declares that shipment in error (it comes back; the record stays)",
        event("urn:uuid:demo-wrong-ship", "ObjectEvent", "OBSERVE", "shipping", "\"epcList\":[" + packs(201, 210) + "]" + to("pharmacy-1")
            + ",\"errorDeclaration\":{\"declarationTime\":\"" + java.time.Instant.now() + "\",\"reason\":\"incorrect_data\"}"));
    capture("pharmacist", "pharmacy-1 tries to receive packs it was not shipped",
        event(null, "ObjectEvent", "OBSERVE", "receiving", "\"epcList\":[" + packs(201, 202) + "]"));
    capture("warehouse", "dist-co receives the pallet and unpacks it",
        event(null, "ObjectEvent", "OBSERVE", "receiving", "\"epcList\":[\"https://id.gs1.org/00/" + pallet + "\"]"),
        event(null, "AggregationEvent", "DELETE", "unpacking", "\"parentID\":\"https://id.gs1.org/00/" + pallet + "\""));
    capture("warehouse", "dist-co ships case " + caseA + " (packs 1-100) to pharmacy-1",
        event(null, "ObjectEvent", "OBSERVE", "shipping", "\"epcList\":[\"https://id.gs1.org/00/" + caseA + "\"]" + to("pharmacy-1")));
    capture("pharmacist", "pharmacy-1 receives the case and unpacks it",
        event(null, "ObjectEvent", "OBSERVE", "receiving", "\"epcList\":[\"https://id.gs1.org/00/" + caseA + "\"]"),
        event(null, "AggregationEvent", "DELETE", "unpacking", "\"parentID\":\"https://id.gs1.org/00/" + caseA + "\""));
    step("pharmacist", "pharmacy-1 dispenses packs 1-5 to patients", "dispense", "gtin", GTIN, "serials", "1..5");
    step("inspector", "the regulator recalls lot L2026R (sterility failure)", "recall", "gtin", GTIN, "lot", "L2026R",
        "reason", "sterility failure");
    step("factory", "pharma-co adds its own recall of the lot (the regulator's stands beside it)", "recall", "gtin", GTIN, "lot", "L2026R",
        "reason", "voluntary recall: batch record review");
    out.println("  a consumer scans pack 50 (" + api + "/01/" + GTIN + "/21/50?10=L2026A&17=281231): "
        + scan("/01/" + GTIN + "/21/50?10=L2026A&17=281231", null));
    out.println("  a consumer scans a counterfeit code (serial 99999): " + scan("/01/" + GTIN + "/21/99999", null));
    out.println("  a consumer scans pack 3, already dispensed (a clone): " + scan("/01/" + GTIN + "/21/3", null));
    out.println("  a consumer scans pack 1005 of the recalled lot: " + scan("/01/" + GTIN + "/21/1005", null));
    out.println("  pharmacy-1 scans pack 150, which never left dist-co: " + scan("/01/" + GTIN + "/21/150", "pharmacist"));
    out.println("  pack 250's code was copied onto fakes: scanned from 6 different networks, through two organisations' nodes ...");
    for (int n = 1; n <= 6; n++) {
      for (String base : new String[] {api, apiB}) {
        scanFrom("127." + n + ".0.1", base, "/01/" + GTIN + "/21/250");
      }
    }
    String clone = "";
    for (int i = 0; i < 50 && !clone.startsWith("likely_clone"); i++) {
      Thread.sleep(200); // the nodes hand their scan counts to the ledger once a second
      clone = scan("/01/" + GTIN + "/21/250", null);
    }
    out.println("    ... then a scan answers: " + clone);
    JsonNode holders = getJson("/v1/drugs/recalls/" + GTIN + "/L2026R", "inspector");
    out.println("  the regulator lists who holds recalled lot L2026R: " + holders.path("holders"));
    JsonNode trace = getJson("/01/" + GTIN + "/21/205", "factory").path("trace");
    out.println("  pack 205's trace shows the shipment declared in error: " + trace.get(1).asText());
    JsonNode events = getJson("/epcis/events?MATCH_anyEPC=https://id.gs1.org/00/" + caseA, "pharmacist")
        .at("/epcisBody/queryResults/resultsBody/eventList");
    out.println("  pharmacy-1 queries EPCIS for case " + caseA + ": " + events.size() + " events it may see, the last "
        + events.get(events.size() - 1).path("type").asText() + " " + events.get(events.size() - 1).path("bizStep").asText());
    java.nio.file.Path label = data.resolve("sample-label.png");
    for (String format : new String[] {"png", "svg"}) {
      java.nio.file.Files.write(data.resolve("sample-label." + format), HttpClient.newBuilder().sslContext(trust.sslContext()).build().send(HttpRequest.newBuilder(
          URI.create(api + "/v1/drugs/labels/01/" + GTIN + "/21/50?format=" + format)).header("Authorization", "Bearer " + tokens.get("factory"))
          .build(), HttpResponse.BodyHandlers.ofByteArray()).body());
    }
    out.println("  pack 50's label (QR of " + org.medledger.client.ReceiptQr.readText(java.nio.file.Files.readAllBytes(label)) + ") is "
        + label + " (and .svg)");
  }
}
