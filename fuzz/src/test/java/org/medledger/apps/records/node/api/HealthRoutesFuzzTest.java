package org.medledger.apps.records.node.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
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
 * The health-records routes of a running node, fuzzed as the custodian's logged-in admin: the
 * bodies of record storage, the FHIR façade's create and every wallet route, and the signed read
 * request header ({@code X-MedLedger-Read-Request}, the fuzzed bytes in hex) of a record read and
 * a FHIR read. The answer is a success or a 4xx whose JSON says why, never a 5xx. A custodial
 * patient and one of her records exist beforehand, and {@code $PATIENT} and {@code $RECORD} in a
 * body stand for them, so seeds reach past the "no such patient" answers. Driven over HTTP, by
 * path only: the routes are being moved between classes (issue 14).
 */
class HealthRoutesFuzzTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String READ_REQUEST = "X-MedLedger-Read-Request";
  private static final List<Route> ROUTES = List.of(
      Route.body("/v1/records?patient=$PATIENT&category=laboratory", "application/fhir+json"),
      Route.body("/fhir/Observation?category=laboratory", "application/fhir+json"),
      Route.body("/fhir/DiagnosticReport?category=imaging", "application/fhir+json"),
      Route.body("/v1/patients", "application/json"),
      Route.body("/v1/patients/$PATIENT/care", "application/json"),
      Route.body("/v1/patients/$PATIENT/consents", "application/json"),
      Route.body("/v1/patients/$PATIENT/consents/$RECORD/revoke", "application/json"),
      Route.body("/v1/patients/$PATIENT/erase", "application/json"),
      Route.body("/v1/patients/$PATIENT/erasures/1/approve", "application/json"),
      Route.body("/v1/patients/$PATIENT/step-up-codes", "application/json"),
      Route.readRequest("/v1/records/$RECORD"),
      Route.readRequest("/fhir/DocumentReference/$RECORD"));
  private static Path dir;
  private static MedLedgerNode node;
  private static String token;
  private static String patient;
  private static String record;

  /** A POST of the fuzzed body, or a GET carrying the fuzzed bytes as its signed read request. */
  private record Route(String path, String contentType, boolean readRequest) {
    static Route body(String path, String contentType) {
      return new Route(path, contentType, false);
    }

    static Route readRequest(String path) {
      return new Route(path, null, true);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("health-fuzz");
    TestNetwork net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    TestNetwork.User admin = net.user("admin-a");
    MedLedgerClient client = new MedLedgerClient(base());
    token = client.login(new ClientIdentity(net.suite, admin.certificate(), admin.keys().getPrivate()));
    client.submit(net.register(admin), true);
    patient = answer(post("/v1/patients", "application/json", "{}".getBytes(StandardCharsets.UTF_8)), 201, "patient");
    record = answer(post("/v1/records?patient=" + patient + "&category=laboratory", "application/fhir+json",
        observation(patient).getBytes(StandardCharsets.UTF_8)), 201, "record");
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
  void answersEveryRequest(FuzzedDataProvider data) throws Exception {
    Route route = ROUTES.get(data.consumeInt(0, ROUTES.size() - 1));
    byte[] input = data.consumeRemainingAsBytes();
    String path = named(route.path());
    HttpResponse<byte[]> response;
    if (route.readRequest()) {
      response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token)
          .header(READ_REQUEST, HexFormat.of().formatHex(input)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } else {
      response = post(path, route.contentType(), named(new String(input, StandardCharsets.ISO_8859_1))
          .getBytes(StandardCharsets.ISO_8859_1));
    }
    RestAnswers.assertAnswered(route.toString(), input.length, response);
  }

  private static String named(String text) {
    return text.replace("$PATIENT", patient).replace("$RECORD", record);
  }

  private static String base() {
    return "http://127.0.0.1:" + node.apiPort();
  }

  private static HttpResponse<byte[]> post(String path, String contentType, byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", contentType)
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String answer(HttpResponse<byte[]> response, int status, String field) throws IOException {
    if (response.statusCode() != status) {
      throw new IllegalStateException("setting up: expected " + status + ", got " + response.statusCode() + ": "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
    JsonNode json = new ObjectMapper().readTree(response.body());
    return json.path(field).asText();
  }

  private static String observation(String patient) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
        + "\"code\":\"2345-7\",\"display\":\"Glucose\"}]},\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
        + "\"valueQuantity\":{\"value\":5.4,\"unit\":\"mmol/L\"}}";
  }

  /** One well-formed request per route (the route index is the provider's last byte). */
  static Map<String, List<byte[]>> seeds() {
    String diagnosticReport = "{\"resourceType\":\"DiagnosticReport\",\"status\":\"final\",\"code\":{\"text\":\"Chest X-ray\"},"
        + "\"subject\":{\"reference\":\"Patient/$PATIENT\"},\"conclusion\":\"no abnormality\"}";
    byte[] readRequest = org.medledger.apps.records.contract.audit.SignedReadRequestFuzzTest.sample();
    List<byte[]> bodies = List.of(
        bytes(observation("$PATIENT")),
        bytes(observation("$PATIENT")),
        bytes(diagnosticReport),
        bytes("{}"),
        bytes("{\"organisation\":\"hospital-b\",\"stepUpCode\":\"12345678\"}"),
        bytes("{\"grantee\":\"org:hospital-b\",\"purposes\":[\"TREAT\"],\"categories\":[\"laboratory\"],\"records\":[\"$RECORD\"],\"end\":4102444800000,\"stepUpCode\":\"12345678\"}"),
        bytes("{\"stepUpCode\":\"12345678\"}"),
        bytes("{\"reference\":\"gdpr-art17-0042\",\"stepUpCode\":\"12345678\"}"),
        bytes("{}"),
        bytes("{}"),
        readRequest,
        readRequest);
    List<byte[]> seeds = new java.util.ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      byte[] b = bodies.get(i);
      byte[] withRoute = java.util.Arrays.copyOf(b, b.length + 1);
      withRoute[b.length] = (byte) i;
      seeds.add(withRoute);
    }
    return Map.of("answersEveryRequest", seeds);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
