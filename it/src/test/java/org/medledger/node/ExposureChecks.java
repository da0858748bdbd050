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
   * Links the API writes into its answers never point where a request's Host (or a proxy's
   * {@code X-Forwarded-Host}) says: the FHIR façade builds a searchset's links, its entries' full
   * URLs and a create's {@code Location} from the node's public address, which is asserted, not
   * only the attacker's name's absence.
   */
  void hostHeader(AbuseTable table) throws Exception {
    String base = "https://127.0.0.1:" + world.running.node(0).apiPort() + "/fhir/";
    String[] spoofed = {"Host: attacker.example", "X-Forwarded-Host: attacker.example"};
    RawHttps.Answer search = world.raw.send("127.41.0.1", "GET", "/fhir/DocumentReference?patient=" + world.patient1,
        world.clinician.token(), null, null, null, spoofed);
    java.util.List<String> links = new java.util.ArrayList<>();
    if (search.status() == 200) {
      com.fasterxml.jackson.databind.JsonNode bundle = AbuseWorld.JSON.readTree(search.body());
      bundle.path("link").forEach(l -> links.add(l.path("url").asText()));
      bundle.path("entry").forEach(e -> links.add(e.path("fullUrl").asText()));
    }
    boolean searchOk = search.status() == 200 && links.size() >= 2 && links.stream().allMatch(u -> u.startsWith(base))
        && !search.body().contains("attacker.example");
    String line = "host header: GET /fhir/DocumentReference with Host and X-Forwarded-Host attacker.example: "
        + search.status() + ", " + links.size() + " links, " + (searchOk ? "each on the node's address" : "not all on " + base);
    table.note(line);
    if (!searchOk) {
      table.fail(line + ", expected 200 with its self link and entries' full URLs on " + base + ": " + links);
    }
    String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"potassium\"},"
        + "\"subject\":{\"reference\":\"Patient/" + world.patient1 + "\"},\"valueQuantity\":{\"value\":4.2,\"unit\":\"mmol/L\"}}";
    RawHttps.Answer created = world.raw.send("127.41.0.2", "POST", "/fhir/Observation?category=laboratory",
        world.clinician.token(), "application/fhir+json", observation.getBytes(StandardCharsets.UTF_8), null, spoofed);
    String location = header(created.head(), "Location");
    boolean createOk = created.status() == 201 && location != null && location.startsWith(base + "Observation/");
    String created2 = "host header: POST /fhir/Observation with Host and X-Forwarded-Host attacker.example: "
        + created.status() + ", Location " + location;
    table.note(created2);
    if (!createOk) {
      table.fail(created2 + ", expected 201 with a Location on " + base);
    }
  }

  private static String header(String head, String name) {
    for (String l : head.split("\r\n")) {
      int colon = l.indexOf(':');
      if (colon > 0 && l.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return l.substring(colon + 1).trim();
      }
    }
    return null;
  }
}
