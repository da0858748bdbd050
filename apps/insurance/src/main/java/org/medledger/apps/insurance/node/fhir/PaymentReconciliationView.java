package org.medledger.apps.insurance.node.fhir;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.RemittanceOutcome;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PaymentReconciliation;
import org.hl7.fhir.r4.model.PaymentReconciliation.PaymentReconciliationStatus;
import org.hl7.fhir.r4.model.Reference;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.Payment;
import org.medledger.crypto.Hash;

/**
 * A recorded payment as FHIR R4 {@code PaymentReconciliation}: the insurer's bank transfer (its
 * reference as the payment identifier) of the amount to the hospital, with one detail per claim it
 * covers and the share of the amount that claim is paid.
 */
public final class PaymentReconciliationView {
  private PaymentReconciliationView() {}

  public static PaymentReconciliation of(Payment p, Function<Hash, Optional<Claim>> claims) {
    PaymentReconciliation r = new PaymentReconciliation();
    r.setId(p.id().hex());
    r.addIdentifier(FhirTerms.ledgerId(p.id()));
    r.setStatus(PaymentReconciliationStatus.ACTIVE);
    r.setCreatedElement(FhirTerms.instant(p.timestamp()));
    DateType day = new DateType(Instant.ofEpochMilli(p.timestamp()).atZone(ZoneOffset.UTC).toLocalDate().toString());
    r.setPaymentDateElement(day);
    r.setPaymentAmount(FhirTerms.money(p.amount(), p.currency()));
    r.setPaymentIdentifier(new Identifier().setSystem(FhirTerms.BANK_TRANSFER).setValue(p.reference()));
    r.setPaymentIssuer(FhirTerms.organisation(p.insurer()));
    r.setOutcome(RemittanceOutcome.COMPLETE);
    r.setDisposition("Bank transfer " + p.reference() + " from " + p.insurer() + " to " + p.payee() + " for "
        + p.claims().size() + (p.claims().size() == 1 ? " claim." : " claims."));
    for (Hash id : p.claims()) {
      var detail = r.addDetail().setType(FhirTerms.code("http://terminology.hl7.org/CodeSystem/payment-type", "payment"))
          .setRequest(new Reference("Claim/" + id.hex())).setResponse(new Reference("ClaimResponse/" + id.hex()))
          .setPayee(FhirTerms.organisation(p.payee())).setDateElement(day.copy());
      claims.apply(id).ifPresent(c -> detail.setAmount(FhirTerms.money(c.adjudication().insurerPays(), c.currency())));
    }
    return r;
  }
}
