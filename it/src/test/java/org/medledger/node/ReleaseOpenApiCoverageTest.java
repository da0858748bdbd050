package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.api.OpenApiCoverageTest;

/**
 * With every application of the release running, every route served (theirs registered through
 * ApiRoutes) is in the merged OpenAPI document; and the notary's and insurance's routes are among them.
 */
class ReleaseOpenApiCoverageTest {
  @TempDir Path dir;

  @Test
  void everyApplicationsRouteIsServedAndDescribed() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      assertThat(node.apiRoutes()).contains("POST /v1/notary/anchor", "GET /v1/notary/{hash}");
      assertThat(node.apiRoutes()).contains("POST /v1/insurance/claims", "GET /v1/insurance/claims/{id}",
          "POST /v1/insurance/payments", "GET /v1/insurance/policies/{id}", "POST /v1/insurance/policies/{id}/transfer");
      assertThat(OpenApiCoverageTest.undescribedRoutes(node)).as("routes missing from /v1/openapi.json").isEmpty();
    }
  }
}
