package org.medledger.apps.notary.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;

/** The notary's routes on a real node that loaded the application from the class path (moved from NodeApiTest). */
class NotaryRoutesTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    for (TestNetwork.User u : net.users.values()) {
      JsonNode r = net.login(node, u.name()).submit(net.register(u), true);
      assertThat(r.path("outcome").path("success").asBoolean()).as("register %s: %s", u.name(), r).isTrue();
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static MedLedgerClient as(String user) {
    return net.login(node, user);
  }

  @Test
  void theNodeRunsTheNotaryApplicationFromTheClassPath() {
    assertThat(node.applications()).anySatisfy(a -> assertThat(a).isInstanceOf(NotaryApplication.class));
  }

  @Test
  void restAnchoringIsForTheNodesOwnOrganisationsStaff() {
    JsonNode body = new ObjectMapper().createObjectNode().put("hash", net.fingerprint("rest " + System.nanoTime())).put("type", "imaging");
    JsonNode ok = as("admin-a").post("v1/notary/anchor", body);
    assertThat(ok.path("outcome").path("success").asBoolean()).isTrue();
    JsonNode found = as("inspector").get("v1/notary/" + body.get("hash").asText());
    assertThat(found.get("owner").asText()).isEqualTo("hospital-a");
    assertThatThrownBy(() -> as("admin-b").post("v1/notary/anchor", body))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> as("patient-1").post("v1/notary/anchor", body))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).contains("role");
        });
  }

  @Test
  void notaryPathsAreInTheServedOpenApiDocument() {
    JsonNode paths = new MedLedgerClient("http://127.0.0.1:" + node.apiPort()).get("v1/openapi.json").get("paths");
    assertThat(paths.has("/v1/notary/anchor")).isTrue();
  }

  @Test
  void aStateReceiptProvesNoAbsenceForAKeyOfAShapeNoContractWrites() {
    String hash = net.fingerprint("shape " + System.nanoTime());
    JsonNode body = new ObjectMapper().createObjectNode().put("hash", hash).put("type", "imaging");
    assertThat(as("admin-a").post("v1/notary/anchor", body).path("outcome").path("success").asBoolean()).isTrue();
    MedLedgerClient reader = as("inspector");
    long height = node.ledger().height();
    assertThat(reader.stateReceipt("notary/doc/" + hash + "/hospital-a", height).get("present").asBoolean()).isTrue();
    // The same form for a document never anchored: a verified absence, as it should be.
    assertThat(reader.stateReceipt("notary/doc/" + net.fingerprint("never") + "/hospital-a", height).get("present").asBoolean())
        .isFalse();
    for (String wrong : new String[] {"notary/" + hash, "notary/doc/" + hash, "notary/doc/" + hash.toUpperCase() + "/hospital-a"}) {
      assertThatThrownBy(() -> reader.stateReceipt(wrong, height)).as(wrong)
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("proves nothing").contains("notary/doc/{hash}/{organisation}");
          });
    }
    assertThatThrownBy(() -> reader.stateReceipt("notar/doc/" + hash + "/hospital-a", height))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).contains("no contract's namespace").contains("notary");
        });
  }
}
