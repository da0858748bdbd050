package org.medledger.apps.insurance.node.fhir;

import java.time.Clock;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.node.application.FhirResources;
import org.medledger.node.ledger.Ledger;

/**
 * The FHIR R4 resource types insurance serves through the node's façade (issue 15, item 7): each
 * read by id and searched, every answer decided by {@link InsuranceAccess} on the ledger.
 */
public final class InsuranceFhirTypes {
  private InsuranceFhirTypes() {}

  public static void register(FhirResources fhir, Ledger ledger, InsuranceAccess access, Clock clock) {
    fhir.add("Coverage", new CoverageResources(ledger, access));
    fhir.add("Claim", new ClaimResources(ClaimResources.Kind.CLAIM, ledger, access, clock));
    fhir.add("ClaimResponse", new ClaimResources(ClaimResources.Kind.CLAIM_RESPONSE, ledger, access, clock));
    fhir.add("ExplanationOfBenefit", new ClaimResources(ClaimResources.Kind.EXPLANATION_OF_BENEFIT, ledger, access, clock));
    fhir.add("PaymentReconciliation", new PaymentReconciliationResources(ledger, access));
  }
}
