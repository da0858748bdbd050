package org.medledger.apps.trials.node.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.trials.contract.TrialDocuments.canonical;
import static org.medledger.apps.trials.contract.TrialDocuments.outcome;
import static org.medledger.apps.trials.contract.TrialDocuments.registration;
import static org.medledger.apps.trials.contract.TrialDocuments.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medledger.apps.trials.contract.TrialsLedger;
import org.medledger.apps.trials.node.TrialRegistryView;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;
import org.medledger.fhirconformance.FhirConformance;

/** A registered trial as FHIR R4 ResearchStudy, valid by HAPI's instance validator, its status from the ledger. */
class ResearchStudiesTest {
  final TrialsLedger ledger = new TrialsLedger();
  final Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");
  final Caller investigator = ledger.member("dr-who", "hospital-a", "clinician");
  final ResearchStudies studies = new ResearchStudies(new TrialRegistryView(ledger.contract, TrialsLedger.SUITE.hash()),
      () -> ledger.state, id -> Optional.ofNullable(ledger.committed.get(id)));

  JsonNode valid(String trialId) throws Exception {
    String json = new String(ResearchStudies.json(studies.of(ledger.state, trialId)), StandardCharsets.UTF_8);
    FhirConformance.assertValid(json);
    return new ObjectMapper().readTree(json);
  }

  @Test
  void aTrialIsAValidResearchStudyWhoseStatusFollowsTheLedger() throws Exception {
    assertThat(ledger.run(sponsor, "register", "document", canonical(registration("MLT-0001", "pharma-a"))).success()).isTrue();
    JsonNode approved = valid("MLT-0001");
    assertThat(approved.get("status").asText()).isEqualTo("approved");
    assertThat(approved.get("identifier").get(0).get("value").asText()).isEqualTo("MLT-0001");
    assertThat(approved.get("title").asText()).startsWith("Étude «α»");
    assertThat(approved.get("condition").get(0).get("text").asText()).isEqualTo("Ischaemic stroke");
    assertThat(approved.get("sponsor").get("display").asText()).isEqualTo("pharma-a");
    assertThat(approved.get("period").get("end").asText()).isEqualTo("2025-01-15");

    assertThat(ledger.run(investigator, "enrol", ledger.consented(1, "pharma-a", "MLT-0001")).success()).isTrue();
    assertThat(valid("MLT-0001").get("status").asText()).isEqualTo("active");
    ObjectNode r = results("MLT-0001");
    outcome(r.withArray("reportedOutcomes"), "P1", "Recurrent stroke (modified Rankin)", "12 months");
    assertThat(ledger.run(sponsor, "submitResults", "trialId", "MLT-0001", "document", canonical(r)).success()).isTrue();
    assertThat(valid("MLT-0001").get("status").asText()).isEqualTo("completed");

    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> studies.of(ledger.state, "MLT-0404"),
        ContractException.class).code()).isEqualTo("not_found");
  }
}
