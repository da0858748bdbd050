package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.MedLedgerClient;
import org.medledger.fhirconformance.FhirConformance;

/**
 * After the demo's story, every FHIR resource its nodes serve conforms to R4 by HAPI's instance
 * validator: the demo is where the over-long AuditEvent ids and the erased record's
 * DocumentReference without content were first seen.
 */
class DemoFhirConformanceTest {
  @TempDir Path dir;

  @Test
  void everyLedgerRecordTheDemoServesAsFhirConforms() throws Exception {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    int base = 24_000 + (int) (ProcessHandle.current().pid() % 2_000) * 10;
    Demo demo = new Demo(dir.resolve("data"), base, base + 5, "intl", out);
    try {
      demo.start();
      JsonNode tokens = new ObjectMapper().readTree(dir.resolve("data/demo-tokens.json").toFile());
      ApiServerTrust trust = ApiServerTrust.of(demo.node().genesis());
      String api = "https://127.0.0.1:" + demo.node().apiPort();
      // The regulator sees every patient's metadata and audit; patient-1 her own.
      for (String who : new String[] {"inspector", "patient-1"}) {
        MedLedgerClient c = new MedLedgerClient(api, trust).withToken(tokens.get(who).asText());
        for (String type : new String[] {"Consent", "AuditEvent", "DocumentReference", "Provenance"}) {
          JsonNode bundle = c.get("fhir/" + type);
          assertThat(bundle.path("total").asInt()).as(who + " " + type).isPositive();
          FhirConformance.assertValid(bundle.toString());
        }
      }
      JsonNode docs = new MedLedgerClient(api, trust).withToken(tokens.get("inspector").asText()).get("fhir/DocumentReference");
      assertThat(docs.findValues("title")).as("the story erases patient-2's records").anySatisfy(t -> assertThat(t.asText()).contains("erased"));
    } finally {
      demo.stop();
    }
  }
}
