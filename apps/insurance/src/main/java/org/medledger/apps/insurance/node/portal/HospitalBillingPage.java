package org.medledger.apps.insurance.node.portal;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;

/**
 * The hospital's billing screen: the claims its clinicians submitted, each with where it stands
 * and its money (billed, paid by the insurer, the patient owes). Only its own: a claim another
 * hospital billed is not listed, as the REST list does not list it.
 */
public final class HospitalBillingPage {
  static final String PATH = InsurancePortal.ROOT + "/billing";

  /** The page's content. */
  public record View(String organisation, List<ClaimRow> rows) {}

  private final InsurancePortal portal;

  HospitalBillingPage(InsurancePortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    Identity who = InsurancePortal.memberAs(member, "The billing screen", "clinician", "admin");
    StateReader state = portal.ledger.state();
    long now = portal.clock.millis();
    List<ClaimRow> rows = new ArrayList<>();
    for (Claim c : InsuranceReads.claims(state)) {
      if (c.submitter().equals(who.organisation()) && portal.access.claim(state, who, c) == InsuranceAccess.View.FULL) {
        rows.add(ClaimRow.of(c, now));
      }
    }
    return new PortalPage("Billing", portal.templates.content("insurance/billing.jte", new View(who.organisation(), rows)));
  }
}
