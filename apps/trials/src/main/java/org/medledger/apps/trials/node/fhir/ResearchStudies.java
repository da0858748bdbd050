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
import org.medledger.apps.trials.contract.TrialHead;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.apps.trials.node.TrialRegistryView;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirPage;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;

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
    return Set.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public java.util.List<FhirSearchParameter> searchParameters() {
    return java.util.List.of(
        new FhirSearchParameter("identifier", "token", "[" + IDENTIFIER_SYSTEM + "|]trial id, several separated by commas"),
        new FhirSearchParameter("status", "token", "approved (registered), active (a participant enrolled) or completed (results"
            + " in), as the ledger decides; several separated by commas"));
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    try {
      return search(state.get(), request.query("identifier"), request.query("status"), request.page());
    } catch (ContractException e) {
      throw new FhirProblem(400, "invalid", e.getMessage());
    }
  }

  /**
   * The registry's trials (public, as a read is) matching every parameter given, in trial-id
   * order; with none, every trial. Only the page's studies are built from their documents.
   */
  public FhirMatches search(StateReader reader, String identifier, String status, FhirPage page) throws ContractException {
    java.util.Set<String> ids = identifier == null ? null : new java.util.TreeSet<>();
    if (identifier != null) {
      for (String token : identifier.split(",", -1)) {
        int bar = token.indexOf('|');
        String system = bar < 0 ? null : token.substring(0, bar);
        String value = bar < 0 ? token : token.substring(bar + 1);
        if (value.isBlank()) {
          throw new FhirProblem(400, "invalid", "identifier '" + identifier + "' names no trial id");
        }
        if (system == null || system.equals(IDENTIFIER_SYSTEM)) {
          ids.add(value); // another system's, or no system ("|id"), matches no trial: every trial's has this one
        }
      }
    }
    java.util.Set<ResearchStudy.ResearchStudyStatus> statuses = status == null ? null : new java.util.TreeSet<>();
    if (status != null) {
      for (String code : status.split(",", -1)) {
        if (code.isBlank()) {
          throw new FhirProblem(400, "invalid", "status '" + status + "' names an empty code (this registry's are approved,"
              + " active and completed)");
        }
        try {
          statuses.add(ResearchStudy.ResearchStudyStatus.fromCode(code));
        } catch (org.hl7.fhir.exceptions.FHIRException e) {
          throw new FhirProblem(400, "invalid", "status '" + code + "' is not a FHIR ResearchStudy status (this registry's are"
              + " approved, active and completed)");
        }
      }
    }
    java.util.List<String> matches = new java.util.ArrayList<>();
    reader.scan(StateKeys.of(TrialsContract.NAME, "head/"), (k, v) -> {
      TrialHead head = TrialHead.decode(v);
      if ((ids == null || ids.contains(head.trialId())) && (statuses == null || statuses.contains(status(head)))) {
        matches.add(head.trialId());
      }
      return true;
    });
    java.util.List<FhirMatches.Entry> entries = new java.util.ArrayList<>();
    for (String id : page.slice(matches)) {
      entries.add(new FhirMatches.Entry("ResearchStudy", id, json(of(reader, id))));
    }
    return new FhirMatches(matches.size(), entries);
  }

  /** As the ledger decides: approved once registered, active once a participant enrolled, completed once results are in. */
  static ResearchStudy.ResearchStudyStatus status(TrialHead head) {
    return head.resultsHeight() != 0 ? ResearchStudy.ResearchStudyStatus.COMPLETED
        : head.enrolments() != 0 ? ResearchStudy.ResearchStudyStatus.ACTIVE : ResearchStudy.ResearchStudyStatus.APPROVED;
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
