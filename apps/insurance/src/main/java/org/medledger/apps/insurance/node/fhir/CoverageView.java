package org.medledger.apps.insurance.node.fhir;

import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Coverage.CoverageStatus;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.apps.insurance.contract.PolicyStatus;
import org.medledger.apps.insurance.contract.ServiceDate;

/**
 * A policy as FHIR R4 {@code Coverage}: the insured as beneficiary, the one holder as policy
 * holder and subscriber, the insurer as payor, the product as its plan and the group when it has
 * one, and the period from the first term's start to the last covered day (a term's end is
 * exclusive on the ledger, a FHIR period's inclusive; a cancellation ends it the day before it takes
 * effect).
 */
public final class CoverageView {
  private static final String COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class";

  private CoverageView() {}

  public static Coverage of(Policy p) {
    Coverage r = new Coverage();
    r.setId(p.id().hex());
    r.addIdentifier(FhirTerms.ledgerId(p.id()));
    r.setStatus(p.status() == PolicyStatus.CANCELLED ? CoverageStatus.CANCELLED : CoverageStatus.ACTIVE);
    r.setPolicyHolder(FhirTerms.patient(p.holder()));
    r.setSubscriber(FhirTerms.patient(p.holder()));
    r.setBeneficiary(FhirTerms.patient(p.insured()));
    r.setRelationship(FhirTerms.code("http://terminology.hl7.org/CodeSystem/subscriber-relationship",
        p.holder().equals(p.insured()) ? "self" : "other"));
    long lastDay = p.lastTerm().endDay() - 1;
    if (p.status() == PolicyStatus.CANCELLED) {
      lastDay = Math.min(lastDay, p.cancelledFromDay() - 1);
    }
    r.setPeriod(new Period().setStartElement(new DateTimeType(ServiceDate.format(p.coveredSinceDay())))
        .setEndElement(new DateTimeType(ServiceDate.format(Math.max(lastDay, p.coveredSinceDay())))));
    r.addPayor(FhirTerms.organisation(p.insurer()));
    r.addClass_().setType(FhirTerms.code(COVERAGE_CLASS, "plan")).setValue(p.productCode())
        .setName("product " + p.productCode() + ", version " + p.lastTerm().productVersion());
    if (!p.group().isEmpty()) {
      r.addClass_().setType(FhirTerms.code(COVERAGE_CLASS, "group")).setValue(p.group());
    }
    return r;
  }
}
