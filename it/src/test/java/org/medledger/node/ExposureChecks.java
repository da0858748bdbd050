package org.medledger.node;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * API8 (security misconfiguration) and what a route exposes beyond its own table row: state
 * receipts public only under an application's registered prefix, and links never built from a
 * request's Host header.
 */
final class ExposureChecks {
  private final AbuseWorld world;

  ExposureChecks(AbuseWorld world) {
    this.world = world;
  }

  /**
   * State receipts are public only under a prefix an application registered (drugs/pack/): a key
   * outside it, or one that climbs out of it, needs a token like every other receipt.
   */
  void publicStateReceipts(AbuseTable table) throws Exception {
    String rec = world.record.record().hex();
    Map<String, Integer> expected = new java.util.LinkedHashMap<>();
    expected.put("drugs/pack/09506000134352/1", 200);
    expected.put("records/record/" + rec, 401);
    expected.put("drugs/pack/../../records/record/" + rec, 401);
    expected.put("drugs/packs/x", 401);
    int i = 0;
    for (var e : expected.entrySet()) {
      RawHttps.Answer a = world.raw.send("127.40.0." + ++i, "GET", "/v1/receipts/state?key="
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

  /**
   * Links the API writes into its answers never point where a request's Host header says: the
   * FHIR façade builds them from the node's public address.
   */
  void hostHeader(AbuseTable table) throws Exception {
    RawHttps.Answer a = world.raw.send("127.41.0.1", "GET", "/fhir/DocumentReference?patient=" + world.patient1,
        world.clinician.token(), null, null, null, "Host: attacker.example");
    boolean echoed = a.body().contains("attacker.example");
    String line = "host header: GET /fhir/DocumentReference with Host: attacker.example: " + a.status()
        + (echoed ? ", its links point at attacker.example" : ", its links do not name it");
    table.note(line);
    if (echoed || a.status() != 200) {
      table.fail(line + ", expected 200 with links naming the node's public address");
    }
  }
}
