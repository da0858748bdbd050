package org.medledger.apps.insurance.node.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.contract.Payment;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.api.Requests;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;

/**
 * FHIR {@code PaymentReconciliation}: the insurers' recorded payments, read by id and searched by
 * status and created. The paying insurer's and the paid hospital's members and a regulator see
 * one; a patient does not (a payment covers many patients' claims: her own EOB shows her claim's).
 */
final class PaymentReconciliationResources implements FhirResourceProvider {
  private final Ledger ledger;
  private final InsuranceAccess access;

  PaymentReconciliationResources(Ledger ledger, InsuranceAccess access) {
    this.ledger = ledger;
    this.access = access;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public List<FhirSearchParameter> searchParameters() {
    return List.of(SearchFilters.statusParameter("active: every recorded payment is"), SearchFilters.CREATED);
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    Identity who = Requests.identity(request.http());
    StateReader state = ledger.state();
    Optional<Payment> p = ClaimResources.hash(id).flatMap(h -> InsuranceReads.payment(state, h));
    if (p.isEmpty() || access.payment(who, p.get()) == InsuranceAccess.View.NONE) {
      throw new FhirProblem(404, "not-found", "no PaymentReconciliation/" + id + " that you may see");
    }
    return new FhirAnswer.Resource(InsuranceFhirJson.write(render(state, p.get())));
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    Identity who = Requests.identity(request.http());
    SearchFilters filters = SearchFilters.of(request, Set.of("active"));
    StateReader state = ledger.state();
    List<Supplier<? extends Resource>> views = new ArrayList<>();
    for (Payment p : InsuranceReads.payments(state)) {
      if (filters.created(p.timestamp()) && access.payment(who, p) != InsuranceAccess.View.NONE) {
        views.add(() -> render(state, p));
      }
    }
    return SearchFilters.page(request, views);
  }

  private static Resource render(StateReader state, Payment p) {
    return PaymentReconciliationView.of(p, id -> InsuranceReads.claim(state, id));
  }
}
