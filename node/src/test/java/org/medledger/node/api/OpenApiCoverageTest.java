package org.medledger.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.MedLedgerClient;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;

/**
 * Every route a running node serves (its live route table: the platform's, the applications'
 * registrations and what records still mounts itself) is in the OpenAPI document it serves, with
 * its method.
 */
class OpenApiCoverageTest {
  @TempDir Path dir;

  @Test
  void everyServedRouteIsDescribed() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      List<String> served = node.api().servedRoutes();
      JsonNode paths = new MedLedgerClient("http://127.0.0.1:" + node.apiPort()).get("v1/openapi.json").get("paths");
      assertThat(served).contains("GET /v1/health", "POST /v1/transactions", "GET /fhir/{type}/{id}").hasSizeGreaterThan(25);
      List<String> missing = new ArrayList<>();
      for (String r : served) {
        String[] mp = r.split(" ", 2);
        if (!paths.path(mp[1]).has(mp[0].toLowerCase(Locale.ROOT))) {
          missing.add(r);
        }
      }
      assertThat(missing).as("served routes missing from /v1/openapi.json").isEmpty();
    }
  }
}
