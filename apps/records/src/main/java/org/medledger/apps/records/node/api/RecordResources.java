package org.medledger.apps.records.node.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.fhir.FhirViews;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.crypto.Hash;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;
import org.medledger.node.ledger.Ledger;

/**
 * A record's ledger entry as FHIR: {@code DocumentReference} (its metadata, the content's address)
 * or {@code Provenance} (who wrote it for which custodian); read by record hash, searched by
 * patient. Metadata, not content: whoever may see the patient's metadata sees them, a regulator
 * included; the content itself is read through {@link StoredResources}, under consent and audit.
 */
final class RecordResources implements FhirResourceProvider {
  /** Which view of an entry this provider serves. */
  enum View {
    DOCUMENT_REFERENCE("DocumentReference"),
    PROVENANCE("Provenance");

    private final String type;

    View(String type) {
      this.type = type;
    }

    String type() {
      return type;
    }
  }

  private final Ledger ledger;
  private final HealthService health;
  private final View view;

  RecordResources(Ledger ledger, HealthService health, View view) {
    this.ledger = ledger;
    this.health = health;
    this.view = view;
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
    Optional<HealthRecordEntry> e = hash(id).flatMap(h -> RecordContract.find(state, h));
    if (e.isEmpty() || !health.maySee(state, PatientScope.caller(request), e.get().patient())) {
      throw PatientScope.notVisible(view.type(), id);
    }
    return new FhirAnswer.Resource(PatientScope.json(render(request, e.get())));
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    var state = ledger.state();
    List<Supplier<? extends Resource>> views = new ArrayList<>();
    for (PatientId p : PatientScope.patients(request, state, health)) {
      RecordContract.ofPatient(state, p).forEach(e -> views.add(() -> render(request, e)));
    }
    return PatientScope.page(request, views);
  }

  private Resource render(FhirRequest request, HealthRecordEntry e) {
    return view == View.PROVENANCE ? FhirViews.provenance(e) : FhirViews.documentReference(e, PatientScope.contentUrl(request, e));
  }

  /** The ledger's ids are hashes: any other id names nothing. */
  static Optional<Hash> hash(String id) {
    try {
      return Optional.of(Hash.fromHex(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
