package org.medledger.apps.safety.node.portal;

import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.safety.contract.events.AdverseEventsContract;
import org.medledger.apps.safety.node.events.EventViewer;
import org.medledger.core.membership.Membership;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ui.BrowserSignedTransactions;
import org.medledger.node.ui.Templates;

/**
 * The device-safety pages of the portal (issue 17, "In the web portal"): the adverse-event report
 * form for a clinician, a pharmacist and the patient herself, and the regulator's screens (reports
 * per lot and per device model, her thresholds, the signals raised, and from a lot: its recall
 * through drugs' own {@code recall}, the pharmacies holding it and the patients who agreed to be
 * reached). Every act is the member's own transaction, signed in her browser ({@code
 * sign-statement.js}); the contracts still decide whether she may. Who may see what is judged as
 * the REST routes judge it: {@link EventViewer}, on the ledger's view of her certificate now.
 */
public final class SafetyPortal {
  static final String ROOT = "/ui/safety";
  static final String JTE_PACKAGE = "org.medledger.apps.safety.node.jte";
  static final Set<String> REPORTERS = Set.of("clinician", "pharmacy", "patient");

  final Ledger ledger;
  final Membership membership;
  final EventViewer viewer;
  final Templates templates = Templates.precompiled(SafetyPortal.class, JTE_PACKAGE);
  /** Reports and thresholds: the adverse-events contract's methods. */
  final BrowserSignedTransactions events;
  /** The regulator's recall: drugs' own method, so a recall here is the same record as the maker's. */
  final BrowserSignedTransactions drugs;

  private SafetyPortal(ApplicationContext context) {
    this.ledger = context.ledger();
    this.membership = context.membership();
    this.viewer = new EventViewer(context.membership(), context.genesis().cryptoSuite().hash(), context.clock());
    this.events = new BrowserSignedTransactions(AdverseEventsContract.NAME, context.genesis(), ledger, context.clock(),
        context.admission(), context.commits());
    this.drugs = new BrowserSignedTransactions(DrugsContract.NAME, context.genesis(), ledger, context.clock(),
        context.admission(), context.commits());
  }

  /** Adds the report form, the regulator's screens and the navigation to them. */
  public static void register(ApplicationContext context) {
    SafetyPortal portal = new SafetyPortal(context);
    PortalPages ui = context.ui();
    new ReportPages(portal).register(ui);
    new RegulatorPages(portal).register(ui);
    ui.navFor("Report an adverse event", ReportPages.FORM, REPORTERS);
    ui.navFor("Safety signals", RegulatorPages.SIGNALS, Set.of("regulator"));
  }

  /** The member as the ledger holds her now; refused when her certificate is no longer in good standing. */
  EventViewer.Viewer viewerOf(Optional<Identity> member) {
    Identity who = member.orElseThrow();
    return viewer.of(ledger.state(), who).orElseThrow(() -> new PortalRefusal(403,
        "The ledger does not hold your certificate as a member in good standing now: sign in again with a valid one."));
  }

  /** The regulator, or a refusal naming who the asker is: the signal and recall screens are hers alone. */
  EventViewer.Viewer regulator(Optional<Identity> member) {
    EventViewer.Viewer v = viewerOf(member);
    if (!v.regulator()) {
      throw new PortalRefusal(403, "Safety signals, thresholds and recalls are the regulator's screens; the ledger holds you as "
          + v.role() + " of " + v.organisation() + ".");
    }
    return v;
  }

  /** The review page: what she is to sign, and the bytes her browser reads and signs. */
  PortalPage signPage(io.javalin.http.Context ctx, Identity who, BrowserSignedTransactions signer, String heading, String action,
      String cancel, java.util.List<String[]> facts, String method, TreeMap<String, String> args) {
    facts.add(new String[] {"Signed by", who.name() + " (" + who.role() + ") of " + who.organisation()});
    return new PortalPage(heading, templates.content("safety/sign.jte", new SignReview(heading, PortalPages.csrfToken(ctx), action,
        cancel, facts, signer.payloadHex(who, method, args))));
  }

  public record SignReview(String heading, String csrf, String action, String cancel, java.util.List<String[]> facts,
      String payloadHex) {}

  /** What a committed (or not yet committed) act says, and where to go from it. */
  public record Done(String heading, String notice, java.util.List<String[]> links) {}

  PortalPage done(io.javalin.http.Context ctx, BrowserSignedTransactions.Submitted submitted, String what, String committedNotice,
      java.util.List<String[]> links) {
    if (submitted instanceof BrowserSignedTransactions.NotYetCommitted late) {
      ctx.status(202);
      return new PortalPage("Not yet committed", templates.content("safety/done.jte", new Done("Not yet committed", what
          + " was accepted as transaction " + late.txId().hex() + " but not committed within " + late.waitedSeconds()
          + " s; open the page again to see whether it was", links)));
    }
    long height = ((BrowserSignedTransactions.Committed) submitted).height();
    return new PortalPage("Committed", templates.content("safety/done.jte", new Done("Committed", committedNotice + " (block "
        + height + ")", links)));
  }

  static TreeMap<String, String> args(String... pairs) {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (!pairs[i + 1].isEmpty()) {
        m.put(pairs[i], pairs[i + 1]);
      }
    }
    return m;
  }
}
