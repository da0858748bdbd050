package org.medledger.apps.insurance.node.portal;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ui.BrowserSignedTransactions;

/**
 * The assessor approves or denies a pended claim with a reason, as the REST route and the CLI do:
 * with her own signed {@code insurance.approveClaim} / {@code denyClaim} transaction. The node
 * prepares the transaction's bytes (her certificate as sender, a fresh nonce, the claim and her
 * reason), her browser reads them back, shows them and signs them with her key file
 * ({@code sign-statement.js}, kind {@code transaction}); only the signature comes back, and the node
 * submits the transaction it checked names her, this decision and this claim. The contract still
 * decides whether she may.
 */
public final class ClaimDecisionPages {
  static final String REVIEW = InsurancePortal.ROOT + "/claim/decide-review";
  static final String DECIDE = InsurancePortal.ROOT + "/claim/decide";
  private static final int MAX_REASON = 1_000;

  /** The page after a committed decision. */
  public record Decided(String claim, String outcome) {}

  private final InsurancePortal portal;
  private final BrowserSignedTransactions signing;

  ClaimDecisionPages(InsurancePortal portal, BrowserSignedTransactions signing) {
    this.portal = portal;
    this.signing = signing;
  }

  void register(PortalPages ui) {
    ui.form(REVIEW, PortalPages.Access.MEMBER, this::review);
    ui.form(DECIDE, PortalPages.Access.MEMBER, this::decide);
  }

  /** Step one: the decision checked, then the transaction's bytes to sign. */
  private PortalPage review(Context ctx, Optional<Identity> member) {
    Identity who = member.orElseThrow();
    Claim c = decidable(who, form(ctx, "claim"));
    String decision = form(ctx, "decision");
    if (!decision.equals("approve") && !decision.equals("deny")) {
      throw new IllegalArgumentException("decision: choose approve or deny, not '" + shorten(decision) + "'");
    }
    String reason = form(ctx, "reason");
    if (reason.isEmpty()) {
      throw new IllegalArgumentException("reason: give the decision's reason in words (the patient and the hospital see it)");
    }
    if (reason.length() > MAX_REASON) {
      throw new IllegalArgumentException("reason: at most " + MAX_REASON + " characters, not " + reason.length());
    }
    TreeMap<String, String> args = new TreeMap<>();
    args.put("claim", c.id().hex());
    args.put("reason", reason);
    List<String[]> facts = List.of(new String[] {"Claim", c.id().hex()},
        new String[] {"Decision", decision.equals("approve")
            ? "approve (the claim is adjudicated again against this year's usage now)" : "deny"},
        new String[] {"Reason", reason}, new String[] {"Signed by", who.name() + " of " + who.organisation()});
    return new PortalPage("Sign the decision", portal.templates.content("insurance/sign.jte",
        new SignReview("Sign your decision", PortalPages.csrfToken(ctx), DECIDE, ClaimPages.CLAIM + "?id=" + c.id().hex(), facts,
            signing.payloadHex(who, method(decision), args))));
  }

  /** Step two: the transaction her browser signed, checked to be hers and this decision, then submitted. */
  private PortalPage decide(Context ctx, Optional<Identity> member) throws Exception {
    Identity who = member.orElseThrow();
    Transaction tx = signing.signedByHer(ctx, who, Set.of("approveClaim", "denyClaim"), "an approval or denial of a claim");
    Claim c = decidable(who, tx.args().get("claim").orElse(""));
    BrowserSignedTransactions.Submitted submitted = signing.submit(tx, "the decision");
    if (submitted instanceof BrowserSignedTransactions.NotYetCommitted late) {
      ctx.status(202);
      return new PortalPage("Not yet committed", portal.templates.content("insurance/decided.jte", new Decided(c.id().hex(),
          "was accepted as transaction " + late.txId().hex() + " but not committed within " + late.waitedSeconds()
              + " s; open the claim again to see whether it was")));
    }
    long height = ((BrowserSignedTransactions.Committed) submitted).height();
    String outcome = (tx.method().equals("approveClaim") ? "approved" : "denied") + " in block " + height;
    return new PortalPage("Decided", portal.templates.content("insurance/decided.jte", new Decided(c.id().hex(), outcome)));
  }

  /** A pended claim of the member's own insurer; another's, or none, read alike. */
  private Claim decidable(Identity who, String claimHex) {
    if (!who.hasRole("insurer", "admin")) {
      throw new PortalRefusal(403, "Only the insurer's assessors decide pended claims; you are " + who.role() + " of "
          + who.organisation() + ".");
    }
    Hash id;
    try {
      id = Hash.fromHex(claimHex.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("claim: '" + shorten(claimHex) + "' is not a claim id (64 hex characters)");
    }
    Optional<Claim> c = InsuranceReads.claim(portal.ledger.state(), id);
    if (c.isEmpty() || !c.get().insurer().equals(who.organisation())) {
      throw new PortalRefusal(404, "There is no claim " + id.hex() + " of " + who.organisation() + " to decide.");
    }
    if (c.get().status() != ClaimStatus.PENDED) {
      throw new IllegalArgumentException("claim " + id.hex() + " is " + c.get().status().wireName()
          + ", not pended: there is nothing to decide");
    }
    return c.get();
  }

  private static String method(String decision) {
    return decision.equals("approve") ? "approveClaim" : "denyClaim";
  }

  private static String form(Context ctx, String name) {
    return BrowserSignedTransactions.form(ctx, name);
  }

  private static String shorten(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }
}
