package org.medledger.apps.insurance.node.portal;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.core.genesis.Genesis;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ui.BrowserSignedTransactions;
import org.medledger.node.ui.Templates;

/**
 * Insurance's pages of the portal (issue 15, "In the web portal"): the insurer's products,
 * policies, claims queue (pended claims with their deadlines, escalated ones marked), a claim with
 * its per-line reasons and its money in plain words, the assessor's decision signed in her browser,
 * and payments, which she records signed in her browser too; each policy's history with a receipt of every change; the hospital's billing screen; the patient's policy and EOBs, each with a Verify
 * button her browser checks. Who may see what is {@link InsuranceAccess}, the same rules as the
 * REST routes; the member is the one the genesis and the ledger confirm, never the request's word.
 */
public final class InsurancePortal {
  static final String ROOT = "/ui/insurance";
  static final String JTE_PACKAGE = "org.medledger.apps.insurance.node.jte";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  final Ledger ledger;
  final InsuranceAccess access;
  final Clock clock;
  final Genesis genesis;
  final org.medledger.core.membership.Membership membership;
  final Templates templates = Templates.precompiled(InsurancePortal.class, JTE_PACKAGE);

  public InsurancePortal(Ledger ledger, InsuranceAccess access, Clock clock, Genesis genesis,
      org.medledger.core.membership.Membership membership) {
    this.ledger = ledger;
    this.membership = membership;
    this.access = access;
    this.clock = clock;
    this.genesis = genesis;
  }

  /** Adds every insurance page, form and download, and the navigation to them. */
  public void register(PortalPages ui, org.medledger.node.admission.Admission admission,
      org.medledger.node.ordering.CommitWaiters commits,
      java.util.function.Supplier<Optional<org.medledger.apps.insurance.node.ClaimBilling>> billing) {
    BrowserSignedTransactions signing = new BrowserSignedTransactions(
        org.medledger.apps.insurance.contract.InsuranceContract.NAME, genesis, ledger, clock, admission, commits);
    new ClaimPages(this).register(ui);
    new ClaimDecisionPages(this, signing).register(ui);
    new PaymentPages(this, signing, billing).register(ui);
    new InsurerListPages(this).register(ui);
    new HospitalBillingPage(this).register(ui);
    new PatientInsurancePage(this).register(ui);
    new PolicyHistoryPage(this).register(ui);
    ui.navFor("Claims queue", ClaimPages.QUEUE, java.util.Set.of("insurer", "admin", "regulator"));
    ui.navFor("Billing", HospitalBillingPage.PATH, java.util.Set.of("clinician", "admin"));
    ui.navFor("My insurance", PatientInsurancePage.PATH, java.util.Set.of("patient"));
  }

  /**
   * The member, refused unless her role is one of {@code roles} (whose page this is, in words):
   * the same roles the REST reads serve; the rows she then sees are still {@link InsuranceAccess}'s.
   */
  static Identity memberAs(Optional<Identity> member, String page, String... roles) {
    Identity who = member.orElseThrow();
    if (!who.hasRole(roles)) {
      throw new PortalRefusal(403, page + " is for " + String.join(" or ", roles) + " members; you are "
          + who.role() + " of " + who.organisation() + ".");
    }
    return who;
  }

  static Hash id(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("say which " + name + ": the '" + name + "' parameter (a 64-hex id) is missing");
    }
    try {
      return Hash.fromHex(v.strip().toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + name + "' is not an id (64 hex characters)");
    }
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }
}
