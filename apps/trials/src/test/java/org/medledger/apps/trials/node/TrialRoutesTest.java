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
    JsonNode r = net.login(node, "dr-wang").submit(net.register(net.user("dr-wang")), true);
    assertThat(r.path("outcome").path("success").asBoolean()).as("register dr-wang: %s", r).isTrue();
  }

  static String[] trials(String... args) {
    return TrialsCli.run(node.apiPort(), args);
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
    assertThat(anyone().get("v1/trials?limit=1").get("limit").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> anyone().get("v1/trials?limit=1000000"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).contains("cap of 500");
        });
    assertThatThrownBy(() -> anyone().get("v1/trials?overdue=true&after=..%2Fx"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void theCommandLineSignsACanonicalisedDocumentAndTheLedgerJudgesTheSigner() throws Exception {
    TestNetwork.User clinician = net.user("dr-wang");
    Path identity = java.nio.file.Files.createDirectories(dir.resolve("dr-wang"));
    java.nio.file.Files.writeString(identity.resolve("cert.pem"), clinician.pem());
    java.nio.file.Files.writeString(identity.resolve("key.pem"), org.medledger.crypto.x509.Pem.privateKey(clinician.keys().getPrivate()));
    com.fasterxml.jackson.databind.node.ObjectNode doc =
        org.medledger.apps.trials.contract.TrialDocuments.registration("MLT-0001", "hospital-a");
    Path file = dir.resolve("registration.json");
    java.nio.file.Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(doc));
    assertThat(TrialsCommand.canonical(file)).isEqualTo(org.medledger.apps.trials.contract.TrialDocuments.canonical(doc));

    // A clinician is no sponsor: the contract refuses the signed registration, and says why.
    String[] register = trials("register", file.toString(), "--identity", identity.toString());
    assertThat(register[0]).as(register[1] + register[2]).isEqualTo("1");
    assertThat(register[1]).contains("refused: forbidden");
    String[] show = trials("show", "MLT-0001");
    assertThat(show[0]).isEqualTo("1");
    assertThat(show[2]).contains("MLT-0001").contains("not registered");
  }

  @Test
  void everyTrialsRouteIsInTheServedOpenApiDocumentAndResearchStudyInTheFhirFacade() throws Exception {
    assertThat(node.apiRoutes()).contains("GET /v1/trials", "GET /v1/trials/{trialId}/flags");
    assertThat(OpenApiCoverageTest.undescribedRoutes(node)).isEmpty();
    MedLedgerClient member = net.login(node, "dr-wang");
    JsonNode metadata = member.get("fhir/metadata");
    assertThat(metadata.toString()).contains("\"ResearchStudy\"").contains("\"ResearchSubject\"");
    org.medledger.fhirconformance.FhirConformance.assertValid(metadata.toString());
    // Exactly what is served: the interactions and search parameters the providers answer, no more.
    java.util.Map<String, String> served = new java.util.TreeMap<>();
    for (JsonNode r : metadata.get("rest").get(0).get("resource")) {
      String type = r.get("type").asText();
      if (type.equals("ResearchStudy") || type.equals("ResearchSubject")) {
        java.util.List<String> codes = new java.util.ArrayList<>();
        r.path("interaction").forEach(i -> codes.add(i.get("code").asText()));
        r.path("searchParam").forEach(p -> codes.add(p.get("name").asText() + ":" + p.get("type").asText()));
        served.put(type, String.join(",", codes));
      }
    }
    assertThat(served).containsExactly(
        java.util.Map.entry("ResearchStudy", "read,search-type,identifier:token,status:token"),
        java.util.Map.entry("ResearchSubject", "read,search-type,study:reference"));
    assertThatThrownBy(() -> member.get("fhir/ResearchStudy/MLT-0404"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.getMessage()).contains("MLT-0404");
        });
  }
}
