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

  @Test
  void studiesAreSearchedByIdentifierAndStatusAsTheLedgerDecidesIt() throws Exception {
    for (String id : new String[] {"MLT-0003", "MLT-0001", "MLT-0002"}) {
      assertThat(ledger.run(sponsor, "register", "document", canonical(registration(id, "pharma-a"))).success()).isTrue();
    }
    assertThat(ledger.run(investigator, "enrol", ledger.consented(1, "pharma-a", "MLT-0002")).success()).isTrue();
    org.medledger.node.application.FhirPage all = new org.medledger.node.application.FhirPage(0, 50);

    var byId = studies.search(ledger.state, ResearchStudies.IDENTIFIER_SYSTEM + "|MLT-0003", null, all);
    assertThat(byId.total()).isEqualTo(1);
    FhirConformance.assertValid(new String(byId.entries().get(0).json(), StandardCharsets.UTF_8));
    assertThat(byId.entries().get(0).id()).isEqualTo("MLT-0003");
    assertThat(studies.search(ledger.state, "MLT-0001,MLT-0404,MLT-0003", null, all).entries())
        .extracting(e -> e.id()).containsExactly("MLT-0001", "MLT-0003");
    assertThat(studies.search(ledger.state, "urn:other|MLT-0001", null, all).total()).as("another system's identifier").isZero();
    assertThat(studies.search(ledger.state, "|MLT-0001", null, all).total()).as("an identifier without a system").isZero();
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> studies.search(ledger.state, null, "active,", all),
        org.medledger.node.application.FhirProblem.class).getMessage()).contains("empty code");

    assertThat(studies.search(ledger.state, null, "active", all).entries()).extracting(e -> e.id()).containsExactly("MLT-0002");
    assertThat(studies.search(ledger.state, null, "approved", all).entries()).extracting(e -> e.id())
        .containsExactly("MLT-0001", "MLT-0003");
    assertThat(studies.search(ledger.state, "MLT-0002", "approved", all).total()).as("both parameters must match").isZero();
    assertThat(studies.search(ledger.state, null, "completed", all).total()).isZero();
    var page = studies.search(ledger.state, null, null, new org.medledger.node.application.FhirPage(1, 1));
    assertThat(page.total()).isEqualTo(3);
    assertThat(page.entries()).extracting(e -> e.id()).containsExactly("MLT-0002");

    var bad = org.assertj.core.api.Assertions.catchThrowableOfType(() -> studies.search(ledger.state, null, "finished", all),
        org.medledger.node.application.FhirProblem.class);
    assertThat(bad.getMessage()).contains("'finished'").contains("approved, active and completed");
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> studies.search(ledger.state, "urn:medledger:trials|", null,
        all), org.medledger.node.application.FhirProblem.class).getMessage()).contains("names no trial id");
  }
}
