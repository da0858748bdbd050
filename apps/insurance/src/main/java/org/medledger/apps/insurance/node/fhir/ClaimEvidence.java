package org.medledger.apps.insurance.node.fhir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.crypto.Hash;

/**
 * The records a claim cites as evidence, numbered once each in the order lines first cite them:
 * number {@code n} is the FHIR {@code Claim.supportingInfo} of sequence {@code n} and the {@code n}
 * of {@code GET /v1/insurance/claims/{id}/evidence/{n}}.
 */
public final class ClaimEvidence {
  private ClaimEvidence() {}

  public static List<Hash> records(Claim claim) {
    LinkedHashSet<Hash> cited = new LinkedHashSet<>();
    for (ClaimLine l : claim.lines()) {
      cited.addAll(l.evidence());
    }
    return new ArrayList<>(cited);
  }
}
