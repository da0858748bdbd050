package org.medledger.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;

/** The probes on a real one-validator node: live and ready, public, with no member data. */
class HealthProbesTest {
  @TempDir Path dir;

  @Test
  void aSingleValidatorIsLiveAndReadyAndHealthListsNoProblem() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + node.apiPort();
      HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.body()).contains("\"live\"");
      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      var health = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/health")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(health.path("status").asText()).isEqualTo("ok");
      assertThat(health.path("problems").isArray() && health.path("problems").isEmpty()).as(health.toString()).isTrue();
      assertThat(health.path("vaultUnplacedShards").asInt()).isZero();

      // The request's id: the caller's plain one is kept, any other shape replaced by a fresh one.
      var traced = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/health")).header("X-Request-Id", "trace-7.a_b").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(traced.headers().firstValue("X-Request-Id")).hasValue("trace-7.a_b");
      var odd = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/health")).header("X-Request-Id", "x\"}{y").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(odd.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{16}");
    }
  }
}
