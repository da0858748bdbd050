package org.medledger.apps.insurance.node.portal;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.apps.insurance.node.MemberAccess;
import org.medledger.apps.insurance.node.StateAtHeight;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;

/**
 * The hospital's billing screen: the claims its clinicians submitted, each with where it stands
 * and its money (billed, paid by the insurer, the patient owes). Only its own: a claim another
 * hospital billed is not listed, as the REST list does not list it. 50 a page, each page read at
 * the first's height, as the claims queue is.
 */
public final class HospitalBillingPage {
  static final String PATH = InsurancePortal.ROOT + "/billing";
  public static final int PAGE = 50;

  /** The page's content: a page of claims read at block {@code height}, and the cursor of the next ({@code next}). */
  public record View(String organisation, List<ClaimRow> rows, String next, long height) {}

  private final InsurancePortal portal;

  HospitalBillingPage(InsurancePortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    Identity who = InsurancePortal.memberAs(member, "The billing screen", "clinician", "admin");
    String cursor = ctx.queryParam("after") == null ? null : InsurancePortal.id(ctx, "after").hex();
    Long height = StateAtHeight.parseHeight(ctx.queryParam("height"));
    long now = portal.clock.millis();
    return StateAtHeight.read(portal.ledger, height, at -> {
      MemberAccess viewer = portal.access.of(at.access(), who);
      List<ClaimRow> rows = new ArrayList<>();
      String[] next = {null};
      at.scan("claim/", cursor == null ? null : "claim/" + cursor, (k, v) -> {
        Claim c = Claim.decode(v);
        if (!c.submitter().equals(who.organisation()) || viewer.claim(c) != InsuranceAccess.View.FULL) {
          return true;
        }
        if (rows.size() == PAGE) {
          next[0] = rows.get(rows.size() - 1).id();
          return false;
        }
        rows.add(ClaimRow.of(c, now));
        return true;
      });
      return new PortalPage("Billing", portal.templates.content("insurance/billing.jte",
          new View(who.organisation(), rows, next[0], at.height())));
    });
  }
}
