package org.medledger.apps.insurance.node.fhir;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
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
 * FHIR {@code Claim}, {@code ClaimResponse} and {@code ExplanationOfBenefit}: three views of a claim
 * on the ledger, read by its id and searched by patient, status and created, under the REST API's
 * rules ({@link InsuranceAccess}): the insurer's members, the submitting hospital's and the patient
 * see it whole, a regulator its metadata, anyone else nothing, as if it did not exist.
 */
final class ClaimResources implements FhirResourceProvider {
  enum Kind { CLAIM, CLAIM_RESPONSE, EXPLANATION_OF_BENEFIT }

  private final Kind kind;
  private final Ledger ledger;
  private final InsuranceAccess access;
  private final Clock clock;

  ClaimResources(Kind kind, Ledger ledger, InsuranceAccess access, Clock clock) {
    this.kind = kind;
    this.ledger = ledger;
    this.access = access;
    this.clock = clock;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public List<FhirSearchParameter> searchParameters() {
    return List.of(SearchFilters.PATIENT, SearchFilters.statusParameter("the resource's status (active, cancelled) or the claim's"
        + " on the ledger: " + String.join(", ", lifecycle())), SearchFilters.CREATED);
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    Identity who = Requests.identity(request.http());
    StateReader state = ledger.state();
    Optional<Claim> c = hash(id).flatMap(h -> InsuranceReads.claim(state, h));
    InsuranceAccess.View view = c.map(x -> access.claim(state, who, x)).orElse(InsuranceAccess.View.NONE);
    if (view == InsuranceAccess.View.NONE) {
      throw new FhirProblem(404, "not-found", "no " + request.resourceType() + "/" + id + " that you may see");
    }
    return new FhirAnswer.Resource(InsuranceFhirJson.write(render(state, c.get(), view, clock.millis())));
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    Identity who = Requests.identity(request.http());
    TreeSet<String> statuses = new TreeSet<>(lifecycle());
    statuses.addAll(List.of("active", "cancelled"));
    SearchFilters filters = SearchFilters.of(request, statuses);
    StateReader state = ledger.state();
    long now = clock.millis();
    List<Supplier<? extends Resource>> views = new ArrayList<>();
    for (Claim c : InsuranceReads.claims(state)) {
      String fhirStatus = c.status() == ClaimStatus.WITHDRAWN ? "cancelled" : "active";
      if (!filters.patient(c.patient()) || !filters.status(fhirStatus, c.shownStatus(now)) || !filters.created(c.submittedAt())) {
        continue;
      }
      InsuranceAccess.View view = access.claim(state, who, c);
      if (view != InsuranceAccess.View.NONE) {
        views.add(() -> render(state, c, view, now));
      }
    }
    return SearchFilters.page(request, views);
  }

  private Resource render(StateReader state, Claim c, InsuranceAccess.View view, long now) {
    boolean full = view == InsuranceAccess.View.FULL;
    return switch (kind) {
      case CLAIM -> ClaimView.of(c, full);
      case CLAIM_RESPONSE -> ClaimResponseView.of(c, now, full);
      case EXPLANATION_OF_BENEFIT -> ExplanationOfBenefitView.of(c,
          c.payment().equals(Hash.ZERO) ? Optional.empty() : InsuranceReads.payment(state, c.payment()), now, full);
    };
  }

  private static List<String> lifecycle() {
    List<String> out = new ArrayList<>();
    for (ClaimStatus s : ClaimStatus.values()) {
      out.add(s.wireName());
    }
    out.add("escalated");
    return out;
  }

  static Optional<Hash> hash(String id) {
    try {
      return Optional.of(Hash.fromHex(id.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
