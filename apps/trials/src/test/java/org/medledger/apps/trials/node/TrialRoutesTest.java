package org.medledger.apps.trials.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import org.medledger.node.api.OpenApiCoverageTest;

/** The registry's routes on a real node that loaded the application from the class path: public, read-only, described. */
class TrialRoutesTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** No login: the registry is public. */
  static MedLedgerClient anyone() {
    return new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
  }

  @Test
  void theRegistryIsReadWithoutATokenAndRefusesClearly() throws Exception {
    assertThat(node.applications()).anySatisfy(a -> assertThat(a).isInstanceOf(TrialsApplication.class));
    JsonNode list = anyone().get("v1/trials");
    assertThat(list.get("trials").isArray()).isTrue();
    assertThat(list.get("height").asLong()).isGreaterThanOrEqualTo(0);
    assertThatThrownBy(() -> anyone().get("v1/trials/MLT-0404"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.getMessage()).contains("MLT-0404");
        });
    assertThatThrownBy(() -> anyone().get("v1/trials/MLT-0404/versions/1/document"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> anyone().get("v1/trials/x"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> anyone().get("v1/trials?overdue=maybe"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThat(anyone().get("v1/trials?overdue=true").get("overdue").asText()).isEqualTo("0");
  }

  @Test
  void everyTrialsRouteIsInTheServedOpenApiDocument() throws Exception {
    assertThat(node.apiRoutes()).contains("GET /v1/trials", "GET /v1/trials/{trialId}/flags");
    assertThat(OpenApiCoverageTest.undescribedRoutes(node)).isEmpty();
  }
}
