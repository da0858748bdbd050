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
import org.junit.jupiter.api.Test;
import org.medledger.apps.trials.contract.Enrolment;
import org.medledger.apps.trials.contract.TrialsLedger;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;
import org.medledger.fhirconformance.FhirConformance;

/** An enrolled participant as FHIR R4 ResearchSubject, valid by HAPI's instance validator, its status from the ledger. */
class ResearchSubjectsTest {
  final TrialsLedger ledger = new TrialsLedger();
  final Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");

  JsonNode valid(Hash participant) throws Exception {
    String json = new String(ResearchSubjects.json(ResearchSubjects.resource(
        ResearchSubjects.subject(ledger.state, participant, ledger.time).orElseThrow())), StandardCharsets.UTF_8);
    FhirConformance.assertValid(json);
    return new ObjectMapper().readTree(json);
  }

  @Test
  void anEnrolmentIsAValidResearchSubjectNamingStudyPatientAndConsentWhoseStatusFollowsTheLedger() throws Exception {
    assertThat(ledger.run(sponsor, "register", "document", canonical(registration("MLT-0001", "pharma-a"))).success()).isTrue();
    String[] alice = ledger.consented(1, "pharma-a", "MLT-0001");
    String[] bob = ledger.consented(2, "pharma-a", "MLT-0001");
    assertThat(ledger.run(sponsor, "enrol", alice).success()).isTrue();
    assertThat(ledger.run(sponsor, "enrol", bob).success()).isTrue();
    Hash aliceId = Enrolment.participantId(TrialsLedger.SUITE.hash(), "MLT-0001", Hash.fromHex(alice[3]));
    Hash bobId = Enrolment.participantId(TrialsLedger.SUITE.hash(), "MLT-0001", Hash.fromHex(bob[3]));

    JsonNode onStudy = valid(aliceId);
    assertThat(onStudy.get("resourceType").asText()).isEqualTo("ResearchSubject");
    assertThat(onStudy.get("id").asText()).isEqualTo(aliceId.hex());
    assertThat(onStudy.get("status").asText()).isEqualTo("on-study");
    assertThat(onStudy.get("study").get("reference").asText()).isEqualTo("ResearchStudy/MLT-0001");
    assertThat(onStudy.get("individual").get("reference").asText()).isEqualTo("Patient/" + alice[3]);
    assertThat(onStudy.get("consent").get("reference").asText()).isEqualTo("Consent/" + alice[5]);
    assertThat(onStudy.get("identifier").get(0).get("system").asText()).isEqualTo(ResearchSubjects.IDENTIFIER_SYSTEM);

    ledger.withdraw(2, Hash.fromHex(bob[5]));
    assertThat(valid(bobId).get("status").asText()).isEqualTo("withdrawn");

    ObjectNode r = results("MLT-0001");
    outcome(r.withArray("reportedOutcomes"), "P1", "Recurrent stroke (modified Rankin)", "12 months");
    assertThat(ledger.run(sponsor, "submitResults", "trialId", "MLT-0001", "document", canonical(r)).success()).isTrue();
    assertThat(valid(aliceId).get("status").asText()).isEqualTo("off-study");

    assertThat(ResearchSubjects.subject(ledger.state, Hash.fromHex(alice[3]), ledger.time)).as("a patient id is no participant id")
        .isEmpty();
  }
}
