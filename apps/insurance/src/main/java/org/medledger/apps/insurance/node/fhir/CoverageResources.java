package org.medledger.apps.insurance.node.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.apps.insurance.contract.PolicyChange;
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
 * FHIR {@code Coverage}: the policies on the ledger, read by id and searched by patient (insured
 * or holder), status and created (the day it was issued), under the REST API's rules: the
 * insurer's members and the patient see it, a regulator too (a policy is metadata), no one else.
 */
final class CoverageResources implements FhirResourceProvider {
  private final Ledger ledger;
  private final InsuranceAccess access;

  CoverageResources(Ledger ledger, InsuranceAccess access) {
    this.ledger = ledger;
    this.access = access;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public List<FhirSearchParameter> searchParameters() {
    return List.of(new FhirSearchParameter("patient", "reference", "Patient/<patient id> or the bare id: the insured or the"
        + " policy holder"), SearchFilters.statusParameter("active or cancelled"), new FhirSearchParameter("created", "date",
        "the day (UTC) the policy was issued, e.g. ge2026-01-01; prefixes eq, ge, gt, le, lt"));
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    Identity who = Requests.identity(request.http());
    StateReader state = ledger.state();
    Optional<Policy> p = ClaimResources.hash(id).flatMap(h -> InsuranceReads.policy(state, h));
    if (p.isEmpty() || access.policy(state, who, p.get()) == InsuranceAccess.View.NONE) {
      throw new FhirProblem(404, "not-found", "no Coverage/" + id + " that you may see");
    }
    return new FhirAnswer.Resource(InsuranceFhirJson.write(CoverageView.of(p.get())));
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    Identity who = Requests.identity(request.http());
    SearchFilters filters = SearchFilters.of(request, Set.of("active", "cancelled"));
    StateReader state = ledger.state();
    List<Supplier<? extends Resource>> views = new ArrayList<>();
    for (Policy p : InsuranceReads.policies(state)) {
      if (!filters.patient(p.insured(), p.holder()) || !filters.status(p.status().name().toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (access.policy(state, who, p) == InsuranceAccess.View.NONE) {
        continue;
      }
      List<PolicyChange> history = InsuranceReads.history(state, p.id());
      if (!history.isEmpty() && !filters.created(history.get(0).timestamp())) {
        continue;
      }
      views.add(() -> CoverageView.of(p));
    }
    return SearchFilters.page(request, views);
  }
}
