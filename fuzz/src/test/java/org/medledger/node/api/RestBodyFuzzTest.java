package org.medledger.node.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.fuzz.RestAnswers;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;

/**
 * The JSON (and binary) bodies of the main POST routes, sent to a running node as a logged-in
 * admin: whatever the body, the answer is a success or a 4xx whose JSON names the error, never a
 * 5xx (an exception that escaped a route's parser). The routes parse their bodies inline (Javalin
 * handlers), so this target drives them over HTTP: slow (a request each, and the per-certificate
 * budget of 200 requests a second answers 429 beyond it), but it is the parsers as deployed.
 */
class RestBodyFuzzTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<Route> ROUTES = List.of(
      new Route("/v1/auth/challenge", "application/json", false),
      new Route("/v1/auth/token", "application/json", false),
      new Route("/v1/transactions", "application/json", true),
      new Route("/v1/transactions", "application/octet-stream", true),
      new Route("/v1/transactions/batch", "application/json", true),
      new Route("/v1/transactions/batch", "application/octet-stream", true),
      new Route("/v1/notary/anchor", "application/json", true),
      new Route("/epcis/capture", "application/ld+json", true));
  private static Path dir;
  private static MedLedgerNode node;
  private static String token;

  private record Route(String path, String contentType, boolean authenticated) {}

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("rest-fuzz");
    TestNetwork net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    TestNetwork.User admin = net.user("admin-a");
    MedLedgerClient client = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    token = client.login(new ClientIdentity(net.suite, admin.certificate(), admin.keys().getPrivate()));
    client.submit(net.register(admin), true);
  }

  @AfterAll
  static void stop() throws IOException {
    if (node != null) {
      node.close();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @FuzzTest
  void answersEveryBody(FuzzedDataProvider data) throws Exception {
    Route route = ROUTES.get(data.consumeInt(0, ROUTES.size() - 1));
    byte[] body = data.consumeRemainingAsBytes();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + route.path()))
        .header("Content-Type", route.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (route.authenticated()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    RestAnswers.assertAnswered(route.toString(), body.length, response);
  }

  /** One well-formed body per route (the route index is the provider's last byte). */
  static Map<String, List<byte[]>> seeds() {
    String[] bodies = {
        "{\"certificate\":\"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\"}",
        "{\"challenge\":\"abcd\",\"signature\":\"" + "00".repeat(64) + "\"}",
        "{\"transaction\":\"0100000004696e746c\"}",
        "\u0001\u0000\u0000\u0000\u0004intl",
        "{\"transactions\":[\"0100\",\"02\"]}",
        "\u0000\u0000\u0000\u0001\u0000\u0000\u0000\u0002\u0001\u0000",
        "{\"hash\":\"" + "ab".repeat(32) + "\",\"type\":\"lab-report\"}",
        "{\"@context\":[\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"],\"type\":\"EPCISDocument\","
            + "\"schemaVersion\":\"2.0\",\"epcisBody\":{\"eventList\":[{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-26T08:02:00Z\","
            + "\"eventTimeZoneOffset\":\"+00:00\",\"action\":\"OBSERVE\",\"bizStep\":\"shipping\","
            + "\"epcList\":[\"https://id.gs1.org/00/095060001000000012\"]}]}}"};
    List<byte[]> seeds = new java.util.ArrayList<>();
    for (int i = 0; i < bodies.length; i++) {
      byte[] b = bodies[i].getBytes(StandardCharsets.ISO_8859_1);
      byte[] withRoute = java.util.Arrays.copyOf(b, b.length + 1);
      withRoute[b.length] = (byte) i;
      seeds.add(withRoute);
    }
    return Map.of("answersEveryBody", seeds);
  }
}
