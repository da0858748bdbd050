package org.medledger.apps.credentials.node.ui;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.CredentialKeys;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ui.BrowserSignedTransactions;

/**
 * The issuer's list of every credential her organisation issued, with its standing, and its
 * suspension, reinstatement and revocation: a reason, then the {@code credentials.suspend} /
 * {@code reinstate} / {@code revoke} transaction her browser signs; each takes effect at the block
 * that commits it. A credential of another authority reads as none.
 */
public final class IssuerPages {
  static final String ISSUED = CredentialsPortal.ROOT + "/issued";
  static final String CREDENTIAL = CredentialsPortal.ROOT + "/credential";
  static final String CHANGE_REVIEW = CredentialsPortal.ROOT + "/change-review";
  static final String CHANGE = CredentialsPortal.ROOT + "/change";
  private static final Set<String> ACTIONS = Set.of("suspend", "reinstate", "revoke");
  private static final int MAX_REASON = 200;

  /** The list's content. */
  public record Issued(String organisation, long height, List<CredentialRow> rows, String csrf) {}

  /** One credential of hers with the changes its status allows. */
  public record One(CredentialRow row, String csrf) {}

  /** The page after a committed act. */
  public record Done(String heading, String notice, String licence, String issuer, String document, String checkLink) {}

  private final CredentialsPortal portal;
  private final BrowserSignedTransactions signing;

  IssuerPages(CredentialsPortal portal, BrowserSignedTransactions signing) {
    this.portal = portal;
    this.signing = signing;
  }

  void register(PortalPages ui) {
    ui.page(ISSUED, PortalPages.Access.MEMBER, this::issued);
    ui.page(CREDENTIAL, PortalPages.Access.MEMBER, this::credential);
    ui.form(CHANGE_REVIEW, PortalPages.Access.MEMBER, this::review);
    ui.form(CHANGE, PortalPages.Access.MEMBER, this::change);
  }

  private PortalPage issued(Context ctx, Optional<Identity> member) {
    Identity who = portal.issuer(member, "The list of issued credentials");
    StateReader state = portal.ledger.state();
    long now = portal.clock.millis();
    List<CredentialRow> rows = new ArrayList<>();
    // Keys sort by licence under the issuer's prefix: one order on every node.
    state.scan(StateKeys.of(CredentialsContract.NAME, CredentialKeys.credential(who.organisation(), "")), (k, v) -> {
      rows.add(CredentialRow.of(Credential.decode(v), now));
      return true;
    });
    return new PortalPage("Issued credentials", portal.templates.content("credentials/issued.jte",
        new Issued(who.organisation(), portal.ledger.height(), rows, PortalPages.csrfToken(ctx))));
  }

  private PortalPage credential(Context ctx, Optional<Identity> member) {
    Identity who = portal.issuer(member, "Changing an issued credential");
    Credential c = own(who, Optional.ofNullable(ctx.queryParam("licence")).map(String::strip).orElse(""));
    return new PortalPage("Licence " + c.licence(), portal.templates.content("credentials/credential.jte",
        new One(CredentialRow.of(c, portal.clock.millis()), PortalPages.csrfToken(ctx))));
  }

  /** Step one: the change checked against the credential as it stands, then the transaction's bytes to sign. */
  private PortalPage review(Context ctx, Optional<Identity> member) {
    Identity who = portal.issuer(member, "Suspending, reinstating or revoking a credential");
    String action = BrowserSignedTransactions.form(ctx, "action");
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("action: choose suspend, reinstate or revoke, not '" + shorten(action) + "'");
    }
    Credential c = own(who, BrowserSignedTransactions.form(ctx, "licence"));
    if (!CredentialRow.of(c, portal.clock.millis()).actions().contains(action)) {
      throw new IllegalArgumentException("licence " + c.licence() + " is " + c.status().wireName() + ": it cannot be "
          + pastTense(action) + " (" + (c.status().wireName().equals("revoked") ? "a revoked credential stays revoked"
          : "only " + (action.equals("reinstate") ? "a suspended" : "an active or suspended") + " one can") + ")");
    }
    String reason = BrowserSignedTransactions.form(ctx, "reason");
    if (reason.isEmpty() || reason.length() > MAX_REASON) {
      throw new IllegalArgumentException("reason: say why in 1-" + MAX_REASON + " characters (the clinician, her hospital"
          + " and every verifier see it); got " + reason.length());
    }
    TreeMap<String, String> args = new TreeMap<>();
    args.put("issuer", c.issuer());
    args.put("licence", c.licence());
    args.put("reason", reason);
    List<String[]> facts = List.of(new String[] {"Licence", c.licence() + " (" + c.profession() + ")"},
        new String[] {"Holder", c.holderOrganisation() + ", certificate " + c.holder().hex()},
        new String[] {"Change", action + ": from the block that commits it, " + consequence(action)},
        new String[] {"Reason", reason}, new String[] {"Signed by", who.name() + " of " + who.organisation()});
    return new PortalPage("Sign the change", portal.templates.content("credentials/sign.jte",
        new SignReview("Sign: " + action + " licence " + c.licence(), PortalPages.csrfToken(ctx), CHANGE,
            CREDENTIAL + "?licence=" + c.licence(), facts,
            signing.payloadHex(who, action, args), List.of())));
  }

  /** Step two: the transaction her browser signed, checked to be hers and a change of her authority's credential. */
  private PortalPage change(Context ctx, Optional<Identity> member) throws Exception {
    Identity who = portal.issuer(member, "Suspending, reinstating or revoking a credential");
    Transaction tx = signing.signedByHer(ctx, who, ACTIONS, "a suspension, reinstatement or revocation");
    Credential c = own(who, tx.args().get("licence").orElse(""));
    if (!c.issuer().equals(tx.args().get("issuer").orElse(""))) {
      throw new IllegalArgumentException("the transaction names issuer '" + tx.args().get("issuer").orElse("")
          + "', not " + c.issuer());
    }
    BrowserSignedTransactions.Submitted submitted = signing.submit(tx, "the " + tx.method());
    String notice;
    if (submitted instanceof BrowserSignedTransactions.Committed done) {
      notice = "Licence " + c.licence() + " " + pastTense(tx.method()) + " in block " + done.height() + ".";
    } else {
      BrowserSignedTransactions.NotYetCommitted late = (BrowserSignedTransactions.NotYetCommitted) submitted;
      ctx.status(202);
      notice = "The " + tx.method() + " of licence " + c.licence() + " was accepted as transaction " + late.txId().hex()
          + " but not committed within " + late.waitedSeconds() + " s; open the list again to see whether it was.";
    }
    return new PortalPage(capitalised(pastTense(tx.method())), portal.templates.content("credentials/done.jte",
        new Done(capitalised(pastTense(tx.method())), notice, c.licence(), c.issuer(), "", "")));
  }

  /** Her authority's credential of this licence; another's, or none, read alike. */
  private Credential own(Identity who, String licence) {
    if (licence.isEmpty()) {
      throw new IllegalArgumentException("licence: say which licence number");
    }
    return CredentialsContract.find(portal.ledger.state(), who.organisation(), licence)
        .orElseThrow(() -> new PortalRefusal(404, who.organisation() + " issued no licence " + shorten(licence) + "."));
  }

  private static String consequence(String action) {
    return switch (action) {
      case "suspend" -> "what the licence's scopes allow is refused until it is reinstated";
      case "reinstate" -> "the licence's scopes are allowed again";
      default -> "the licence never stands again (a new one must be issued)";
    };
  }

  static String pastTense(String action) {
    return switch (action) {
      case "suspend" -> "suspended";
      case "reinstate" -> "reinstated";
      case "revoke" -> "revoked";
      default -> action + "d";
    };
  }

  static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String shorten(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
