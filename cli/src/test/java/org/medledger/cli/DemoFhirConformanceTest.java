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
    int base = TestPorts.freePortBlock(10);
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
      // The credentials chapter's licence: dr-wang as a FHIR Practitioner with it as a qualification, and its verification.
      MedLedgerClient inspector = new MedLedgerClient(api, trust).withToken(tokens.get("inspector").asText());
      JsonNode wang = inspector.get("fhir/Practitioner?identifier=urn:medledger:licence:regulator%7CMB-1001");
      assertThat(wang.path("total").asInt()).as(wang.toString()).isEqualTo(1);
      FhirConformance.assertValid(wang.toString());
      // The trials chapter's trial, completed by its results, as a FHIR ResearchStudy; its two flags in the public registry.
      JsonNode study = inspector.get("fhir/ResearchStudy/MLD-STROKE-1");
      assertThat(study.path("status").asText()).as(study.toString()).isEqualTo("completed");
      FhirConformance.assertValid(study.toString());
      JsonNode flags = new MedLedgerClient(api, trust).get("v1/trials/MLD-STROKE-1/flags");
      assertThat(flags.path("flag.0001.kind").asText() + " " + flags.path("flag.0001.outcomeId").asText() + ", "
          + flags.path("flag.0002.kind").asText() + " " + flags.path("flag.0002.outcomeId").asText())
          .isEqualTo("changed_undeclared P1, added S3");
      // The safety chapter: patient-1's home monitor as a FHIR Device and her own adverse-event report, as the regulator sees them.
      String patientOne = org.medledger.apps.records.contract.patient.PatientId.of(demo.node().genesis().cryptoSuite().hash(),
          org.medledger.crypto.x509.Pem.parseCertificate(java.nio.file.Files.readString(dir.resolve(
              "data/network/hospital-a/users/patient-1/cert.pem"))).getPublicKey().getEncoded()).toString();
      for (String search : new String[] {"fhir/Device?patient=Patient/" + patientOne, "fhir/AdverseEvent?subject=Patient/" + patientOne}) {
        JsonNode found = inspector.get(search);
        assertThat(found.path("total").asInt()).as(search + ": " + found).isEqualTo(1);
        FhirConformance.assertValid(found.toString());
      }
      // Its full protocol, committed by hash at registration, revealed at the end and checked offline.
      assertThat(new MedLedgerClient(api, trust).get("v1/trials/MLD-STROKE-1/versions/1").path("protocolRevealHeight").asLong())
          .isPositive();
      assertThat(java.nio.file.Files.readString(dir.resolve("data/sample-trial-protocol.txt"))).contains("Sample size");
      everyKeyTheStoryWroteHasAFormItsContractDeclares(demo.node());
    } finally {
      demo.stop();
    }
  }

  /**
   * A state receipt proves an absence only for a key of a declared form (docs/receipts.md, State
   * keys); were a contract to write a key of a form it does not declare, that key's absence before
   * it was written could not be proven. The demo's story writes through every application.
   */
  private static void everyKeyTheStoryWroteHasAFormItsContractDeclares(org.medledger.node.MedLedgerNode node) {
    var contracts = org.medledger.node.MedLedgerNode.contracts(node.genesis());
    java.util.Set<String> namespaces = new java.util.TreeSet<>();
    java.util.List<String> undeclared = new java.util.ArrayList<>();
    node.ledger().state().scan(new byte[0], (k, v) -> {
      if (org.medledger.core.runtime.SystemKeys.isSystemKey(k)) {
        return true; // the ledger's own records, proven by transaction receipts, never by state receipts
      }
      int zero = 0;
      while (zero < k.length && k[zero] != 0) {
        zero++;
      }
      String namespace = new String(k, 0, zero, StandardCharsets.UTF_8);
      String key = new String(k, zero + 1, k.length - zero - 1, StandardCharsets.UTF_8);
      namespaces.add(namespace);
      var forms = contracts.find(namespace).map(c -> c.stateKeyForms()).orElse(java.util.List.of());
      if (forms.isEmpty() || forms.stream().noneMatch(f -> f.matches(key))) {
        undeclared.add(namespace + "/" + key.replace('\u0000', '~'));
      }
      return true;
    });
    assertThat(namespaces).contains("membership", "notary", "patients", "records", "consent", "audit", "drugs", "credentials",
        "care", "devices", "readings", "adverseEvents");
    assertThat(undeclared).as("keys of no declared form").isEmpty();
  }
}
