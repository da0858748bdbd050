package org.medledger.apps.insurance.node.fhir;

import java.util.Optional;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.ExplanationOfBenefitStatus;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.Use;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.LineResult;
import org.medledger.apps.insurance.contract.Payment;

/**
 * A claim as the patient's FHIR R4 {@code ExplanationOfBenefit} (same id as its claim), CARIN Blue
 * Button style: per item what was billed, allowed, taken as deductible and coinsurance, paid by
 * other insurers and by this one, what the patient owes and why; the same in total; the insurer's
 * payment once made, with the bank transfer's reference. The regulator's view has the totals only.
 */
public final class ExplanationOfBenefitView {
  private ExplanationOfBenefitView() {}

  public static ExplanationOfBenefit of(Claim c, Optional<Payment> payment, long nowMillis, boolean withLines) {
    ExplanationOfBenefit r = new ExplanationOfBenefit();
    r.setId(c.id().hex());
    r.addIdentifier(FhirTerms.ledgerId(c.id()));
    r.setStatus(c.status() == ClaimStatus.WITHDRAWN ? ExplanationOfBenefitStatus.CANCELLED : ExplanationOfBenefitStatus.ACTIVE);
    r.setType(FhirTerms.code(FhirTerms.CLAIM_TYPE, "institutional"));
    r.setUse(Use.CLAIM);
    r.setPatient(FhirTerms.patient(c.patient()));
    r.setCreatedElement(FhirTerms.instant(c.submittedAt()));
    r.setInsurer(FhirTerms.organisation(c.insurer()));
    r.setProvider(FhirTerms.organisation(c.submitter()));
    r.setClaim(new Reference("Claim/" + c.id().hex()));
    r.setClaimResponse(new Reference("ClaimResponse/" + c.id().hex()));
    r.setOutcome(Dispositions.queued(c) ? ExplanationOfBenefit.RemittanceOutcome.QUEUED : ExplanationOfBenefit.RemittanceOutcome.COMPLETE);
    r.setDisposition(Dispositions.disposition(c, nowMillis));
    r.addInsurance().setFocal(true).setCoverage(new Reference("Coverage/" + c.policy().hex()));
    if (withLines) {
      for (int i = 0; i < c.lines().size(); i++) {
        ClaimLine l = c.lines().get(i);
        LineResult line = c.adjudication().lines().get(i);
        var item = r.addItem().setSequence(i + 1)
            .setCategory(FhirTerms.code(FhirTerms.CATEGORY, l.category()))
            .setProductOrService(FhirTerms.code(FhirTerms.SERVICE, l.code()))
            .setServiced(new DateType(l.dateOfService()))
            .setQuantity(new Quantity().setValue(l.quantity()))
            .setUnitPrice(FhirTerms.money(l.unitAmount(), c.currency()))
            .setNet(FhirTerms.money(l.billed(), c.currency()));
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
    if (payment.isPresent()) {
      Payment p = payment.get();
      r.getPayment().setType(FhirTerms.code("http://terminology.hl7.org/CodeSystem/ex-paymenttype", "complete"))
          .setDateElement(new DateType(java.time.Instant.ofEpochMilli(p.timestamp()).atZone(java.time.ZoneOffset.UTC)
              .toLocalDate().toString()))
          .setAmount(FhirTerms.money(c.adjudication().insurerPays(), c.currency()))
          .setIdentifier(new Identifier().setSystem(FhirTerms.BANK_TRANSFER).setValue(p.reference()));
    }
    return r;
  }
}
