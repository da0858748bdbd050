package org.medledger.apps.insurance.node.fhir;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.LineResult;

/**
 * The payment breakdown of a line or a claim as CARIN Blue Button gives it on an EOB: billed
 * ({@code submitted}), allowed ({@code eligible}), {@code deductible}, {@code coinsurance}, paid
 * by other insurers ({@code priorpayerpaid}), paid by this insurer ({@code benefit}), what the
 * patient owes ({@code memberliability}), and the reason for the line. Figures appear only once
 * they are decided: a pended claim shows what was billed; a denied one that the insurer pays
 * nothing and the patient owes what no other insurer paid.
 */
final class Breakdown {
  /** @param carriesReason the entry that says why the line went as it did: the benefit, or what was billed while pended */
  record Amount(CodeableConcept category, long minorUnits, boolean carriesReason) {
    Amount(CodeableConcept category, long minorUnits) {
      this(category, minorUnits, false);
    }
  }

  private Breakdown() {}

  static List<Amount> of(Claim claim, LineResult r) {
    return amounts(claim.status(), r.billed(), r.allowed(), r.deductible(), r.coinsurance(), r.otherPayer(), r.insurerPays(),
        r.patientOwes());
  }

  static List<Amount> total(Claim claim) {
    var a = claim.adjudication();
    long deductible = a.lines().stream().mapToLong(LineResult::deductible).reduce(0, Math::addExact);
    long coinsurance = a.lines().stream().mapToLong(LineResult::coinsurance).reduce(0, Math::addExact);
    return amounts(claim.status(), a.billed(), a.allowed(), deductible, coinsurance, a.otherPayer(), a.insurerPays(),
        a.patientOwes());
  }

  /** Why a line was paid as it was; a pended or denied claim's lines say that instead. */
  static CodeableConcept reason(Claim claim, LineResult r) {
    return switch (claim.status()) {
      case PENDED -> FhirTerms.code(FhirTerms.LINE_REASON, "pended", "pended for the insurer's assessor");
      case DENIED -> FhirTerms.code(FhirTerms.LINE_REASON, "denied", "denied by the insurer's assessor");
      default -> FhirTerms.code(FhirTerms.LINE_REASON, r.reason().wireName(), r.reason().covered() ? "covered" : "not covered");
    };
  }

  private static List<Amount> amounts(ClaimStatus status, long billed, long allowed, long deductible, long coinsurance,
      long otherPayer, long insurerPays, long patientOwes) {
    List<Amount> out = new ArrayList<>();
    out.add(new Amount(FhirTerms.code(FhirTerms.ADJUDICATION, "submitted", "billed"), billed, status == ClaimStatus.PENDED));
    if (status == ClaimStatus.PENDED) {
      return out;
    }
    if (status == ClaimStatus.DENIED) {
      insurerPays = 0;
      patientOwes = billed - otherPayer;
      allowed = 0;
      deductible = 0;
      coinsurance = 0;
    }
    out.add(new Amount(FhirTerms.code(FhirTerms.ADJUDICATION, "eligible", "allowed"), allowed));
    out.add(new Amount(FhirTerms.code(FhirTerms.ADJUDICATION, "deductible", "deductible"), deductible));
    out.add(new Amount(FhirTerms.code(FhirTerms.CARIN_ADJUDICATION, "coinsurance", "coinsurance"), coinsurance));
    if (otherPayer != 0) {
      out.add(new Amount(FhirTerms.code(FhirTerms.CARIN_ADJUDICATION, "priorpayerpaid", "paid by other insurers"), otherPayer));
    }
    out.add(new Amount(FhirTerms.code(FhirTerms.ADJUDICATION, "benefit", "paid by your insurer"), insurerPays, true));
    out.add(new Amount(FhirTerms.code(FhirTerms.CARIN_ADJUDICATION, "memberliability", "you owe"), patientOwes));
    return out;
  }
}
