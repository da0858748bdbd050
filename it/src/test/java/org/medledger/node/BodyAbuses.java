package org.medledger.node;

import static org.medledger.node.AbuseWorld.JSON;
import static org.medledger.node.AbuseWorld.source;
import static org.medledger.node.AbuseWorld.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.medledger.crypto.Hash;

/**
 * API4 (resource consumption) and API3 (mass assignment) on a route's body: a declared length
 * past any route's limit (413 before it is read), fields no caller may set, a 10,000-deep array
 * and a huge JSON document (400 from the parser, unless the route refuses before parsing).
 */
final class BodyAbuses {
  /**
   * Where a deep or huge body is not answered 400 by the JSON parser, and why: refused before it
   * is parsed, or never read. Every other POST route must answer 400.
   */
  private static final Map<String, Integer> BODY_REFUSED_FIRST = Map.of(
      "POST /v1/auth/challenge", 413, // the handshake's bodies are at most 16 KiB
      "POST /v1/auth/token", 413,
      "POST /v1/credentials/check", 413, // public: its bodies are at most 16 KiB, a credential code's text far less
      // Reads no body: a token holder's 60 KB fits the standard class (64 KiB) and is ignored.
      "POST /v1/auth/refresh", 200,
      "POST /v1/patients/{id}/erasures/{request}/approve", 403, // an admin's route, reading no body: the clinician is refused
      "POST /v1/records/{hash}/download-link", 404); // the clinician holds no link to patient 1's record; no body is read

  private final AbuseWorld world;

  BodyAbuses(AbuseWorld world) {
    this.world = world;
  }

  /** Oversized: a length past any route's limit, declared, and one byte of it sent. */
  void oversize(AbuseTable table, String route, String method, String path, String type, int index) throws Exception {
    // Jetty dispatches a request once its first content arrives; the other 200 MiB never are.
    RawHttps.Answer big = world.raw.send(source(8, index), method, path, world.clinician.token(),
        type == null ? "application/json" : type, "{".getBytes(StandardCharsets.US_ASCII), 200L << 20);
    table.check(route, "oversize", status(big), big.status() == 413, "413 before the body is read");
  }

  /** API3 and API4 on a body: fields no caller may set, a 10,000-deep array, a huge JSON document. */
  void bodies(AbuseTable table, String route, String path, int index) throws Exception {
    String type = route.startsWith("POST /fhir/") ? "application/fhir+json" : "application/json";
    var mass = JSON.createObjectNode();
    mass.put("hash", "ab".repeat(32)).put("type", "lab-report").put("sender", world.regulator.id().hex())
        .put("organisation", "org-3").put("role", "regulator").put("height", 1).put("outcome", "success")
        .put("served", true).put("basis", "custodian").put("auditTx", "00".repeat(32));
    RawHttps.Answer m = world.raw.send(source(9, index), "POST", path, world.clinician.token(), type,
        mass.toString().getBytes(StandardCharsets.UTF_8), null);
    Optional<String> assigned = massAssigned(m);
    table.check(route, "mass", status(m) + assigned.map(a -> " " + a).orElse(""), m.status() < 500 && assigned.isEmpty(),
        "no 5xx, and no field of the body taken as the caller's sender, organisation or role");
    byte[] deep = ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.US_ASCII);
    RawHttps.Answer d = world.raw.send(source(10, index), "POST", path, world.clinician.token(), type, deep, null);
    int expected = BODY_REFUSED_FIRST.getOrDefault(route, 400);
    table.check(route, "deep", status(d), d.status() == expected, expected + " (BodyAbuses.BODY_REFUSED_FIRST)");
    // 60 KB of one array (under the smallest JSON route's 64 KiB, so the parser, not the budget, answers).
    StringBuilder huge = new StringBuilder("[");
    while (huge.length() < 60_000) {
      huge.append("12345678,");
    }
    huge.append("0]");
    RawHttps.Answer h = world.raw.send(source(11, index), "POST", path, world.clinician.token(), type,
        huge.toString().getBytes(StandardCharsets.US_ASCII), null);
    table.check(route, "huge", status(h), h.status() == expected, expected + " (BodyAbuses.BODY_REFUSED_FIRST)");
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
          () -> world.running.node(0).ledger().transaction(id).isPresent());
      if (world.running.node(0).ledger().transaction(id).orElseThrow().transaction().sender().equals(world.regulator.id())) {
        return Optional.of("sent as the regulator");
      }
    }
    return Optional.empty();
  }
}
