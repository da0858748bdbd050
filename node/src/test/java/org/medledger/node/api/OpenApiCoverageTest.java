package org.medledger.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;

/**
 * Every route a running node serves (the live route table: the platform's and every registered
 * application's) is in the OpenAPI document it serves, with its method.
 */
public class OpenApiCoverageTest {
  @TempDir Path dir;

  @Test
  void everyRegisteredRouteIsDescribed() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      // The platform's own (applications' routes are checked with the release, ReleaseOpenApiCoverageTest).
      assertThat(node.apiRoutes()).contains("GET /v1/health", "POST /v1/transactions", "GET /v1/receipts/state",
          "GET /v1/consensus/evidence");
      assertThat(undescribedRoutes(node)).as("routes missing from /v1/openapi.json").isEmpty();
    }
  }

  /** The routes {@code node} serves that its own {@code GET /v1/openapi.json} does not describe. */
  public static List<String> undescribedRoutes(MedLedgerNode node) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.apiPort() + "/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode paths = new ObjectMapper().readTree(r.body()).get("paths");
    List<String> missing = new ArrayList<>();
    for (String route : node.apiRoutes()) {
      String[] mp = route.split(" ");
      if (!paths.path(mp[1]).has(mp[0].toLowerCase(Locale.ROOT))) {
        missing.add(route);
      }
    }
    return missing;
  }
}
