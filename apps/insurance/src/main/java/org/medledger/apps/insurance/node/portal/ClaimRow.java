package org.medledger.apps.insurance.node.portal;

import org.medledger.apps.insurance.contract.Adjudication;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.node.InsuranceViews;

/**
 * A claim as a row of the portal's lists: where it stands (a pended claim past its deadline shows
 * escalated, as the REST view does), who bills whom, and the money in plain words.
 */
public record ClaimRow(String id, String shortId, String status, boolean pended, boolean escalated, String deadline,
    String insurer, String billedBy, String submitted, String billed, String paidByInsurer, String youOwe) {

  static ClaimRow of(Claim c, long nowMillis) {
    String shown = c.shownStatus(nowMillis);
    Adjudication a = c.adjudication();
    String cur = c.currency();
    return new ClaimRow(c.id().hex(), c.id().hex().substring(0, 12) + "…", shown, c.status() == ClaimStatus.PENDED,
        shown.equals("escalated"), c.pendDeadline() == 0 ? "" : InsurancePortal.time(c.pendDeadline()), c.insurer(),
        c.submitter(), InsurancePortal.time(c.submittedAt()), InsuranceViews.amount(a.billed(), cur),
        InsuranceViews.amount(a.insurerPays(), cur), InsuranceViews.amount(a.patientOwes(), cur));
  }

  /** The CSS verdict class of the status: paid good, denied or escalated danger, pended warn. */
  public String tone() {
    return switch (status) {
      case "paid", "adjudicated", "approved" -> "good";
      case "denied", "escalated" -> "danger";
      case "pended" -> "warn";
      default -> "unknown";
    };
  }
}
