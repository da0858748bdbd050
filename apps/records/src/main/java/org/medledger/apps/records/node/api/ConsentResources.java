package org.medledger.apps.records.node.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.fhir.FhirViews;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;
import org.medledger.node.ledger.Ledger;

/**
 * FHIR {@code Consent}: the ledger's consents (read, search by patient), seen by whoever may see
 * the patient's metadata. Created only by ledger transactions ({@code consent.grant}). Whether a
 * consent is still active is decided at the node's clock.
 */
final class ConsentResources implements FhirResourceProvider {
  private final Ledger ledger;
  private final HealthService health;
  private final Clock clock;

  ConsentResources(Ledger ledger, HealthService health, Clock clock) {
    this.ledger = ledger;
    this.health = health;
    this.clock = clock;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public List<FhirSearchParameter> searchParameters() {
    return List.of(PatientScope.PATIENT);
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    var state = ledger.state();
    Optional<ConsentRecord> c = RecordResources.hash(id).flatMap(h -> ConsentContract.find(state, h));
    if (c.isEmpty() || !health.maySee(state, PatientScope.caller(request), c.get().grant().patient())) {
      throw PatientScope.notVisible("Consent", id);
    }
    return new FhirAnswer.Resource(PatientScope.json(FhirViews.consent(c.get(), clock.millis())));
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    var state = ledger.state();
    long now = clock.millis();
    List<Supplier<? extends Resource>> views = new ArrayList<>();
    for (PatientId p : PatientScope.patients(request, state, health)) {
      ConsentContract.ofPatient(state, p).forEach(c -> views.add(() -> FhirViews.consent(c, now)));
    }
    return PatientScope.page(request, views);
  }
}
