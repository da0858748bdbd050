package org.medledger.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /health/ready against a chain that falls behind and catches up, and an ordering that stops:
 * ready within two blocks of the best peer, live until ordering stops (served over HTTP by the
 * probes as the node mounts them).
 */
class ReadinessTest {
  private final AtomicLong height = new AtomicLong(10);
  private final AtomicLong best = new AtomicLong(10);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;

  @BeforeEach
  void serve() {
    RouteTable routes = new RouteTable();
    new HealthProbes(running::get, height::get, best::get, () -> "ordering stopped: see the node log").register(routes);
    app = Javalin.create(c -> c.showJavalinBanner = false);
    routes.mount(app);
    app.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void readyOnlyWithinTwoBlocksOfTheBestPeerAndLiveUntilOrderingStops() throws Exception {
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    best.set(12);
    assertThat(get("/health/ready").statusCode()).as("two behind: still ready").isEqualTo(200);
    best.set(13);
    HttpResponse<String> behind = get("/health/ready");
    assertThat(behind.statusCode()).as("three behind").isEqualTo(503);
    JsonNode b = new ObjectMapper().readTree(behind.body());
    assertThat(b.path("status").asText()).isEqualTo("not ready");
    assertThat(b.path("reason").asText()).contains("3 blocks behind");
    assertThat(b.path("bestPeerHeight").asLong()).isEqualTo(13);
    assertThat(get("/health/live").statusCode()).as("catching up is alive").isEqualTo(200);
    height.set(13);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    best.set(5);
    assertThat(get("/health/ready").statusCode()).as("a peer behind this node").isEqualTo(200);

    running.set(false);
    assertThat(get("/health/live").statusCode()).isEqualTo(503);
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    assertThat(get("/health/ready").body()).contains("ordering stopped");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
