package org.medledger.apps.credentials.node.ui;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.membership.Membership;
import org.medledger.node.admission.Admission;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ui.BrowserSignedTransactions;
import org.medledger.node.ui.Templates;

/**
 * Credentials' pages of the portal (issue 16, "In the web portal"): a licensing authority's
 * issuer issues, suspends, reinstates and revokes credentials with transactions her browser signs
 * and sees every credential her organisation issued with its standing; a clinician sees her own;
 * anyone checks a credential's code (a QR opens the public check page with it). Who may act is
 * the contract's rule ({@link CredentialsContract}: a {@code regulator} member of an authority the
 * genesis names); the pages refuse others first so nobody is offered what the ledger would refuse.
 */
public final class CredentialsPortal {
  static final String ROOT = "/ui/credentials";
  static final String JTE_PACKAGE = "org.medledger.apps.credentials.node.jte";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  final Ledger ledger;
  final Genesis genesis;
  final Membership membership;
  final Clock clock;
  final Templates templates = Templates.precompiled(CredentialsPortal.class, JTE_PACKAGE);

  public CredentialsPortal(Ledger ledger, Genesis genesis, Membership membership, Clock clock) {
    this.ledger = ledger;
    this.genesis = genesis;
    this.membership = membership;
    this.clock = clock;
  }

  /** Adds every credentials page, form, script and the check's REST route, and the navigation to them. */
  public void register(PortalPages ui, ApiRoutes routes, Admission admission, CommitWaiters commits) {
    BrowserSignedTransactions signing = new BrowserSignedTransactions(CredentialsContract.NAME, genesis, ledger, clock,
        admission, commits);
    new IssuerPages(this, signing).register(ui);
    new IssuePages(this, signing).register(ui);
    new ClinicianCredentialsPage(this).register(ui);
    new CredentialCheckPage(this).register(ui, routes);
    PortalScripts.register(ui);
    ui.navFor("Issued credentials", IssuerPages.ISSUED, Set.of(CredentialsContract.REGULATOR));
    ui.navFor("My credentials", ClinicianCredentialsPage.PATH, Set.of("clinician"));
    ui.nav("Check a credential", CredentialCheckPage.PATH, PortalPages.Access.PUBLIC);
  }

  /**
   * The member, if she may act for a licensing authority: a {@code regulator} member of an
   * organisation the genesis lets hold that role (the contract's rule). Anyone else is refused,
   * a hospital's admin included, with what she is.
   */
  Identity issuer(Optional<Identity> member, String what) {
    Identity who = member.orElseThrow();
    // The organisations in force now: the genesis's and those governance admitted since.
    boolean authority = membership.organisations(ledger.state()).stream()
        .anyMatch(o -> o.name().equals(who.organisation()) && o.mayHold(org.medledger.crypto.x509.Role.REGULATOR));
    if (!who.hasRole(CredentialsContract.REGULATOR) || !authority) {
      throw new PortalRefusal(403, what + " is for a licensing authority's issuers (a regulator member of an organisation"
          + " the genesis names as one); you are " + who.role() + " of " + who.organisation() + ".");
    }
    return who;
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  static String day(long millis) {
    return DAY.format(Instant.ofEpochMilli(millis));
  }
}
