package org.medledger.node;

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
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.application.FhirInteraction;

/**
 * With every application of the release running, {@code /fhir/metadata} says exactly what the
 * façade serves, type by type: each interaction it lists is answered by its provider (whatever
 * the answer to an id no resource has, never 405), and each it leaves out is refused 405. A
 * provider that declared an interaction it does not implement, or implemented one it forgot to
 * declare (a create whose {@code Location} names a version vread then refuses), fails here.
 */
class ReleaseFhirCapabilitiesTest {
  /** A well-formed FHIR id that names no resource of any type. */
  private static final String NO_SUCH_ID = "0";
  @TempDir Path dir;

  @Test
  void theCapabilityStatementListsExactlyTheInteractionsEachTypeAnswers() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      String base = "http://127.0.0.1:" + node.apiPort();
      var wang = net.login(node, "dr-wang");
      wang.submit(net.register(net.user("dr-wang")), true);
      String token = wang.token();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> metadata = http.send(get(base + "/fhir/metadata", token), HttpResponse.BodyHandlers.ofString());
      assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
      JsonNode resources = new ObjectMapper().readTree(metadata.body()).path("rest").path(0).path("resource");
      assertThat(resources.size()).as("types served").isPositive();

      List<String> mismatches = new ArrayList<>();
      TreeSet<String> storedWithVread = new TreeSet<>();
      for (JsonNode resource : resources) {
        String type = resource.path("type").asText();
        TreeSet<String> listed = new TreeSet<>();
        resource.path("interaction").forEach(i -> listed.add(i.path("code").asText()));
        for (FhirInteraction interaction : FhirInteraction.values()) {
          HttpResponse<String> answer = http.send(request(base + "/fhir/" + type, interaction, token),
              HttpResponse.BodyHandlers.ofString());
          boolean declared = listed.contains(interaction.code());
          boolean refused = answer.statusCode() == 405;
          if (declared == refused) {
            mismatches.add(type + " " + interaction.code() + ": " + (declared ? "listed" : "not listed") + ", answered "
                + answer.statusCode() + " " + answer.body());
          }
        }
        if (listed.contains("create") && listed.contains("vread")) {
          storedWithVread.add(type);
        }
      }
      assertThat(mismatches).as("interactions the CapabilityStatement and the façade disagree on").isEmpty();
      // What a create's Location names (…/_history/1) is read back by vread on every type stored through the vault.
      assertThat(storedWithVread).contains("Observation", "Binary", "DiagnosticReport");
    }
  }

  /** The interaction's request on {@code typeUrl}, for an id no resource has; a create posts an empty object. */
  private static HttpRequest request(String typeUrl, FhirInteraction interaction, String token) {
    return switch (interaction) {
      case READ -> get(typeUrl + "/" + NO_SUCH_ID, token);
      case VREAD -> get(typeUrl + "/" + NO_SUCH_ID + "/_history/1", token);
      case HISTORY_INSTANCE -> get(typeUrl + "/" + NO_SUCH_ID + "/_history", token);
      case SEARCH_TYPE -> get(typeUrl + "?_count=1", token);
      case CREATE -> HttpRequest.newBuilder(URI.create(typeUrl)).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    };
  }

  private static HttpRequest get(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build();
  }
}
