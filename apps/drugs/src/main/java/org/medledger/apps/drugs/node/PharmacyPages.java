package org.medledger.apps.drugs.node;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.medledger.apps.drugs.contract.DrugEvent;
import org.medledger.apps.drugs.contract.DrugKeys;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;
import org.medledger.node.ui.Templates;

/**
 * The pharmacy's screens ({@code /ui/drugs/pharmacy}): what is on its way to the pharmacy's
 * organisation and what it holds, a form to receive a pack or case shipped to it and one to
 * dispense a pack it holds, each answered in plain words. Who signs follows the drugs API's model
 * (EPCIS capture): the event is recorded for the member, relayed and signed by this node, which
 * the member authorised once on the ledger ({@code drugs.authorizeRelay}, signed with her own key);
 * without that authorisation nothing is sent and the page says how to give it. The node never
 * holds or uses a member's key. Only a pharmacist or an organisation's admin (the roles the
 * contract lets dispense), as the ledger registered the certificate; a pack another organisation
 * holds, or one shipped elsewhere, is refused before anything is sent, without saying who holds it.
 */
final class PharmacyPages {
  static final String PATH = "/ui/drugs/pharmacy";
  static final String RECEIVE = PATH + "/receive";
  static final String DISPENSE = PATH + "/dispense";
  static final Set<String> ROLES = Set.of("pharmacy", "admin");

  private final Ledger ledger;
  private final NodeTransactions transactions;
  private final String nodeOrganisation;
  private final LedgerRoles roles;
  private final Templates templates;

  PharmacyPages(Ledger ledger, Membership membership, NodeTransactions transactions, String nodeOrganisation, Clock clock,
      Templates templates) {
    this.ledger = ledger;
    this.transactions = transactions;
    this.nodeOrganisation = nodeOrganisation;
    this.roles = new LedgerRoles(ledger, membership, clock);
    this.templates = templates;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, (ctx, who) -> page(ctx, member(who), null, null, null, ""));
    ui.form(RECEIVE, PortalPages.Access.MEMBER, (ctx, who) -> act(ctx, member(who), "receive"));
    ui.form(DISPENSE, PortalPages.Access.MEMBER, (ctx, who) -> act(ctx, member(who), "dispense"));
    ui.navFor("Pharmacy", PATH, ROLES);
  }

  private MemberCertificate member(Optional<Identity> who) {
    return roles.require(who.orElseThrow(), ROLES, "The pharmacy's screens are for a pharmacist or an organisation's admin");
  }

  private PortalPage page(Context ctx, MemberCertificate member, String notice, String problem, String problemFor,
      String typed) {
    PharmacyStock stock = PharmacyStock.of(ledger.state(), member.organisation());
    PharmacyView view = new PharmacyView(PortalPages.csrfToken(ctx), member.organisation(), nodeOrganisation,
        relayAuthorised(member), notice, problem, problemFor, typed, stock.arriving(), stock.shelf(), stock.shelfTotal(), ledger.height());
    return new PortalPage("Pharmacy", templates.content("drugs/pharmacy.jte", view));
  }

  private boolean relayAuthorised(MemberCertificate member) {
    return ledger.state().get(StateKeys.of(DrugsContract.NAME, DrugKeys.relayKey(member.id().hex(), nodeOrganisation))) != null;
  }

  /** Receives or dispenses what the form names, after checking here what the contract will check. */
  private PortalPage act(Context ctx, MemberCertificate member, String step) {
    String typed = Optional.ofNullable(ctx.formParam("code")).map(String::strip).orElse("");
    PackOrCase target;
    try {
      target = PackOrCase.read(typed);
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      return page(ctx, member, null, "Nothing was recorded: " + e.getMessage(), step, typed);
    }
    Optional<String> refusal = PharmacyStock.refusal(ledger.state(), member.organisation(), step, target);
    if (refusal.isPresent()) {
      ctx.status(refusal.get().startsWith("No ") ? 404 : 403);
      return page(ctx, member, null, "Nothing was recorded: " + refusal.get(), step, typed);
    }
    if (!relayAuthorised(member)) {
      ctx.status(403);
      return page(ctx, member, null, "Nothing was recorded: you have not authorised " + nodeOrganisation
          + "'s node to record events for you. Sign drugs.authorizeRelay with node=" + nodeOrganisation
          + " once with your own key (the medledger command or the SDK), then try again.", step, typed);
    }
    Transaction tx = transactions.sign(DrugsContract.NAME, "capture", "events",
        DrugEvent.encodeList(List.of(new DrugEvent(step, target.eventArgs()))), "member", member.id().hex());
    Hash id = tx.id(ledger.hashFunction());
    CommitWaiters.Committed committed;
    try {
      committed = NodeTransactions.await(transactions.submit(tx));
    } catch (NodeTransactions.NotCommitted e) {
      if (ledger.transaction(id).isEmpty() && e.getMessage().startsWith("the ledger refused")) {
        ctx.status(400);
        return page(ctx, member, null, "Nothing was recorded: " + e.getMessage() + ".", step, typed);
      }
      ctx.status(202);
      return page(ctx, member, "Sent, but not yet on the ledger (transaction " + id.hex()
          + "): reload this page in a moment to see it.", null, null, "");
    }
    if (!committed.outcome().success()) {
      ctx.status(409);
      return page(ctx, member, null, "The ledger refused it, nothing changed: " + committed.outcome().message() + ".", step, typed);
    }
    String done = step.equals("receive")
        ? "Received " + target.describe() + ": it is now in " + member.organisation() + "'s stock."
        : "Dispensed " + target.describe() + ": anyone who checks its code now reads that it was dispensed.";
    return page(ctx, member, done + " Recorded at height " + committed.height() + ", transaction " + id.hex() + ".", null, null, "");
  }
}
