package org.medledger.apps.insurance.node.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.Claim.ClaimStatus;
import org.hl7.fhir.r4.model.Claim.Use;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.crypto.Hash;

/**
 * A claim as FHIR R4 {@code Claim}: the hospital's bill to the insurer, one item per line (its
 * category, service code, date, quantity, unit price and amount), the records it cites as {@code
 * supportingInfo} (each a {@code DocumentReference} on the ledger, read through the evidence route
 * under the patient's consent), and the policy as its focal insurance. The regulator's view has no
 * items and no evidence: metadata, never the services.
 */
public final class ClaimView {
  private ClaimView() {}

  public static org.hl7.fhir.r4.model.Claim of(Claim c, boolean withLines) {
    var r = new org.hl7.fhir.r4.model.Claim();
    r.setId(c.id().hex());
    r.addIdentifier(FhirTerms.ledgerId(c.id()));
    r.setStatus(c.status() == org.medledger.apps.insurance.contract.ClaimStatus.WITHDRAWN ? ClaimStatus.CANCELLED
        : ClaimStatus.ACTIVE);
    r.setType(FhirTerms.code(FhirTerms.CLAIM_TYPE, "institutional"));
    r.setUse(Use.CLAIM);
    r.setPatient(FhirTerms.patient(c.patient()));
    r.setCreatedElement(FhirTerms.instant(c.submittedAt()));
    r.setInsurer(FhirTerms.organisation(c.insurer()));
    r.setProvider(FhirTerms.organisation(c.submitter()));
    r.setPriority(FhirTerms.code("http://terminology.hl7.org/CodeSystem/processpriority", "normal"));
    r.addInsurance().setSequence(1).setFocal(true).setCoverage(new Reference("Coverage/" + c.policy().hex()));
    r.setTotal(FhirTerms.money(c.adjudication().billed(), c.currency()));
    if (!withLines) {
      return r;
    }
    r.setEnterer(FhirTerms.certificate(c.submitterCertificate()));
    List<Hash> evidence = ClaimEvidence.records(c);
    for (int i = 0; i < evidence.size(); i++) {
      r.addSupportingInfo().setSequence(i + 1)
          .setCategory(FhirTerms.code("http://terminology.hl7.org/CodeSystem/claiminformationcategory", "attachment"))
          .setValue(new Reference("DocumentReference/" + evidence.get(i).hex()));
    }
    for (int i = 0; i < c.lines().size(); i++) {
      ClaimLine l = c.lines().get(i);
      var item = r.addItem().setSequence(i + 1)
          .setCategory(FhirTerms.code(FhirTerms.CATEGORY, l.category()))
          .setProductOrService(FhirTerms.code(FhirTerms.SERVICE, l.code()))
          .setServiced(new DateType(l.dateOfService()))
          .setQuantity(new Quantity().setValue(l.quantity()))
          .setUnitPrice(FhirTerms.money(l.unitAmount(), c.currency()))
          .setNet(FhirTerms.money(l.billed(), c.currency()));
      for (Hash e : l.evidence()) {
        item.addInformationSequence(evidence.indexOf(e) + 1);
      }
    }
    return r;
  }
}
