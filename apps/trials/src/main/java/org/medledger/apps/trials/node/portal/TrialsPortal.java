package org.medledger.apps.trials.node.portal;

import java.util.Optional;
import java.util.Set;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.apps.trials.node.TrialRegistryView;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ui.BrowserSignedTransactions;
import org.medledger.node.ui.Templates;

/**
 * The trials pages of the portal (issue 17, "In the web portal"): the public registry, read by
 * anyone without signing in (every trial with its overdue status; a trial with every version, its
 * outcome diff against the version in force at first enrolment and its COMPare flags, each with
 * its receipt), and the sponsor's screens, where a sponsor member registers a trial, amends it
 * with a reason and submits its results, each a transaction her browser signs. Everything shown
 * comes from {@link TrialRegistryView}, the same reads the REST routes serve.
 */
public final class TrialsPortal {
  static final String ROOT = "/ui/trials";
  static final String JTE_PACKAGE = "org.medledger.apps.trials.node.jte";

  final Ledger ledger;
  final TrialRegistryView view;
  final Templates templates = Templates.precompiled(TrialsPortal.class, JTE_PACKAGE);

  public TrialsPortal(Ledger ledger, TrialRegistryView view) {
    this.ledger = ledger;
    this.view = view;
  }

  /** Adds the registry's public pages, the sponsor's screens and the navigation to them. */
  public void register(PortalPages ui, BrowserSignedTransactions signing) {
    new RegistryPages(this).register(ui);
    new SponsorPages(this, signing).register(ui);
    ui.nav("Trial registry", RegistryPages.LIST, PortalPages.Access.PUBLIC);
    ui.navFor("My trials", SponsorPages.MINE, Set.of(TrialsContract.SPONSOR_ROLE));
  }

  /** The member, refused unless she is a sponsor: only sponsors register, amend or report (the contract's rule). */
  static Identity sponsor(Optional<Identity> member) {
    Identity who = member.orElseThrow();
    if (!who.hasRole(TrialsContract.SPONSOR_ROLE)) {
      throw new PortalRefusal(403, "Registering, amending and reporting trials is for sponsor members; you are " + who.role()
          + " of " + who.organisation() + ".");
    }
    return who;
  }
}
