package org.medledger.apps.insurance.node.portal;

import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.LineReason;
import org.medledger.apps.insurance.contract.LineResult;
import org.medledger.apps.insurance.node.InsuranceViews;

/** One line of a claim as the portal shows it: the service, whether it is covered and why, and its money. */
public record ClaimLineRow(int line, String code, String category, String dateOfService, int quantity, boolean covered,
    String reason, String reasonInWords, String billed, String allowed, String deductible, String coinsurance,
    String otherInsurers, String paidByInsurer, String youOwe) {

  static ClaimLineRow of(int number, ClaimLine l, LineResult r, String currency) {
    return new ClaimLineRow(number, l.code(), l.category(), l.dateOfService(), l.quantity(), r.reason().covered(),
        r.reason().wireName(), words(r.reason()), InsuranceViews.amount(r.billed(), currency),
        InsuranceViews.amount(r.allowed(), currency), InsuranceViews.amount(r.deductible(), currency),
        InsuranceViews.amount(r.coinsurance(), currency), InsuranceViews.amount(r.otherPayer(), currency),
        InsuranceViews.amount(r.insurerPays(), currency), InsuranceViews.amount(r.patientOwes(), currency));
  }

  /** The CSS class of the verdict: "ok" covered, "bad" not. */
  public String tone() {
    return covered ? "ok" : "bad";
  }

  /** "covered" or "not covered". */
  public String verdict() {
    return covered ? "covered" : "not covered";
  }

  /** The reason code in a patient's words. */
  static String words(LineReason reason) {
    return switch (reason) {
      case COVERED -> "Covered: the insurer pays what is allowed, less the deductible and your share.";
      case SERVICE_LIMIT -> "Covered up to the product's limit for this service.";
      case ANNUAL_LIMIT -> "Covered up to what is left of the policy year's limit.";
      case OTHER_PAYER -> "Covered after what another insurer already paid for this line.";
      case CATEGORY_NOT_COVERED -> "Not covered: the product covers no service of this kind.";
      case CODE_NOT_COVERED -> "Not covered: the product does not cover this service code.";
      case EXCLUDED -> "Not covered: the product excludes this service.";
    };
  }
}
