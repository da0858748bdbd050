package org.medledger.apps.insurance.node.fhir;

import org.hl7.fhir.r4.model.ClaimResponse;
import org.hl7.fhir.r4.model.ClaimResponse.ClaimResponseStatus;
import org.hl7.fhir.r4.model.ClaimResponse.Use;
import org.hl7.fhir.r4.model.Reference;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.LineResult;

/**
 * A claim's adjudication as FHIR R4 {@code ClaimResponse} (same id as its claim): per item the
 * breakdown ({@link Breakdown}) and its reason, the totals, the outcome and disposition. The
 * regulator's view has the totals, not the items.
 */
public final class ClaimResponseView {
  private ClaimResponseView() {}

  public static ClaimResponse of(Claim c, long nowMillis, boolean withLines) {
    ClaimResponse r = new ClaimResponse();
    r.setId(c.id().hex());
    r.addIdentifier(FhirTerms.ledgerId(c.id()));
    r.setStatus(c.status() == ClaimStatus.WITHDRAWN ? ClaimResponseStatus.CANCELLED : ClaimResponseStatus.ACTIVE);
    r.setType(FhirTerms.code(FhirTerms.CLAIM_TYPE, "institutional"));
    r.setUse(Use.CLAIM);
    r.setPatient(FhirTerms.patient(c.patient()));
    r.setCreatedElement(FhirTerms.instant(c.submittedAt()));
    r.setInsurer(FhirTerms.organisation(c.insurer()));
    r.setRequestor(FhirTerms.organisation(c.submitter()));
    r.setRequest(new Reference("Claim/" + c.id().hex()));
    r.setOutcome(Dispositions.queued(c) ? ClaimResponse.RemittanceOutcome.QUEUED : ClaimResponse.RemittanceOutcome.COMPLETE);
    r.setDisposition(Dispositions.disposition(c, nowMillis));
    if (withLines) {
      for (int i = 0; i < c.lines().size(); i++) {
        LineResult line = c.adjudication().lines().get(i);
        var item = r.addItem().setItemSequence(i + 1);
        for (Breakdown.Amount a : Breakdown.of(c, line)) {
          var adjudication = item.addAdjudication().setCategory(a.category())
              .setAmount(FhirTerms.money(a.minorUnits(), c.currency()));
          if (a.carriesReason()) {
            adjudication.setReason(Breakdown.reason(c, line));
          }
        }
      }
    }
    for (Breakdown.Amount a : Breakdown.total(c)) {
      r.addTotal().setCategory(a.category()).setAmount(FhirTerms.money(a.minorUnits(), c.currency()));
    }
    return r;
  }
}
