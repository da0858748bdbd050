package org.medledger.cli;

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

/**
 * The drug part of the demo: a maker commissions a few hundred packs, a distributor and a pharmacy
 * move them along ship → receive, a pharmacy dispenses, the regulator recalls a lot, and scans of
 * the packs' GS1 Digital Links answer genuine, counterfeit, clone, recalled and diverted.
 */
final class DrugDemo {
  static final String GTIN = "09506000134352";
  private final String chainId;
  private final Map<String, ClientIdentity> ids;
  private final Map<String, String> tokens;
  private final String api;
  private final PrintStream out;

  DrugDemo(String chainId, Map<String, ClientIdentity> ids, Map<String, String> tokens, String api, PrintStream out) {
    this.chainId = chainId;
    this.ids = ids;
    this.tokens = tokens;
    this.api = api;
    this.out = out;
  }

  private void step(String user, String what, String method, String... args) {
    Map<String, String> a = new java.util.TreeMap<>();
    for (int i = 0; i < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    JsonNode r = new MedLedgerClient(api).withToken(tokens.get(user))
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
    JsonNode n = new ObjectMapper().readTree(HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    return n.path("outcome").asText() + " — " + n.path("message").asText();
  }

  void run() throws Exception {
    out.println("drug traceability (GS1 GTIN " + GTIN + "):");
    step("factory", "pharma-co registers the GTIN", "registerGtin", "gtin", GTIN);
    step("factory", "pharma-co commissions 300 packs of lot L2026A", "commission", "gtin", GTIN, "lot", "L2026A", "expiry", "281231",
        "serials", "1..300");
    step("factory", "pharma-co commissions 20 packs of lot L2026R", "commission", "gtin", GTIN, "lot", "L2026R", "expiry", "281231",
        "serials", "1001..1020");
    step("factory", "pharma-co ships packs 1-200 to dist-co", "ship", "gtin", GTIN, "serials", "1..200", "to", "dist-co");
    step("pharmacist", "pharmacy-1 tries to receive packs it was not shipped", "receive", "gtin", GTIN, "serials", "1..10");
    step("warehouse", "dist-co receives them", "receive", "gtin", GTIN, "serials", "1..200");
    step("warehouse", "dist-co ships packs 1-100 to pharmacy-1", "ship", "gtin", GTIN, "serials", "1..100", "to", "pharmacy-1");
    step("pharmacist", "pharmacy-1 receives them", "receive", "gtin", GTIN, "serials", "1..100");
    step("pharmacist", "pharmacy-1 dispenses packs 1-5 to patients", "dispense", "gtin", GTIN, "serials", "1..5");
    step("inspector", "the regulator recalls lot L2026R (sterility failure)", "recall", "gtin", GTIN, "lot", "L2026R",
        "reason", "sterility failure");
    out.println("  a consumer scans pack 50 (" + api + "/01/" + GTIN + "/21/50?10=L2026A&17=281231): "
        + scan("/01/" + GTIN + "/21/50?10=L2026A&17=281231", null));
    out.println("  a consumer scans a counterfeit code (serial 99999): " + scan("/01/" + GTIN + "/21/99999", null));
    out.println("  a consumer scans pack 3, already dispensed (a clone): " + scan("/01/" + GTIN + "/21/3", null));
    out.println("  a consumer scans pack 1005 of the recalled lot: " + scan("/01/" + GTIN + "/21/1005", null));
    out.println("  pharmacy-1 scans pack 150, which never left dist-co: " + scan("/01/" + GTIN + "/21/150", "pharmacist"));
  }
}
