package org.medledger.apps.trials.node.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.medledger.apps.trials.node.TrialRegistryView;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;

/**
 * A registered trial as a FHIR R4 {@code ResearchStudy} (read by trial id): identifier, title,
 * conditions, interventions and primary completion from the latest version's document (taken
 * from its committed transaction and re-hashed against the ledger), sponsor, and a status the
 * ledger decides: {@code approved} once registered, {@code active} once a participant enrolled,
 * {@code completed} once results are in. The registry is public, so any member may read it.
 */
public final class ResearchStudies implements FhirResourceProvider {
  public static final String IDENTIFIER_SYSTEM = "urn:medledger:trials";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TrialRegistryView view;
  private final java.util.function.Supplier<StateReader> state;
  private final Function<Hash, Optional<Transaction>> committed;

  public ResearchStudies(TrialRegistryView view, java.util.function.Supplier<StateReader> state,
      Function<Hash, Optional<Transaction>> committed) {
    this.view = view;
    this.state = state;
    this.committed = committed;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ);
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    try {
      return new FhirAnswer.Resource(json(of(state.get(), id)));
    } catch (ContractException e) {
      throw new FhirProblem(e.code().equals("not_found") ? 404 : 400, e.code().equals("not_found") ? "not-found" : "invalid",
          e.getMessage());
    }
  }

  /** The trial's ResearchStudy as the ledger and its latest document say. */
  public ResearchStudy of(StateReader reader, String trialId) throws ContractException {
    SortedMap<String, String> trial = view.trial(reader, trialId);
    JsonNode doc;
    try {
      doc = JSON.readTree(view.document(reader, committed, trialId, trial.get("latestVersion")));
    } catch (IOException e) {
      throw new IllegalStateException("trial " + trialId + "'s committed document does not parse", e);
    }
    ResearchStudy s = new ResearchStudy();
    s.setId(trialId);
    s.getMeta().setVersionId(trial.get("latestVersion"));
    s.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(trialId);
    s.setTitle(doc.get("title").asText());
    s.setStatus(!"0".equals(trial.get("resultsHeight")) ? ResearchStudy.ResearchStudyStatus.COMPLETED
        : !"0".equals(trial.get("enrolments")) ? ResearchStudy.ResearchStudyStatus.ACTIVE : ResearchStudy.ResearchStudyStatus.APPROVED);
    doc.get("conditions").forEach(c -> s.addCondition(new CodeableConcept().setText(c.asText())));
    StringBuilder interventions = new StringBuilder("Interventions:");
    doc.get("interventions").forEach(i -> interventions.append(' ').append(i.asText()).append(';'));
    s.setDescription(interventions.toString());
    s.setSponsor(new Reference().setDisplay(trial.get("sponsor")));
    s.setPeriod(new Period().setEndElement(new DateTimeType(trial.get("primaryCompletionDate"))));
    return s;
  }

  public static byte[] json(ResearchStudy study) {
    return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(study).getBytes(StandardCharsets.UTF_8);
  }
}
