package org.medledger.apps.insurance.node.portal;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimStanding;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.node.ClaimBilling;
import org.medledger.apps.insurance.node.InsuranceViews;
import org.medledger.apps.insurance.node.StateAtHeight;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ui.BrowserSignedTransactions;

/**
 * The insurer records a payment to a hospital (issue 15, item 5; FHIR {@code PaymentReconciliation}):
 * she picks its adjudicated or approved claims, types the bank transfer's amount and reference,
 * and signs {@code insurance.recordPayment} in her browser, as the decision pages do. The node
 * checks before she signs and again before it submits that the claims are her insurer's, payable,
 * to one hospital, in one currency, that the amount is what their adjudications have the insurer
 * pay, and (as the REST route does) that every paid line carries the hash its own fields give;
 * the contract then decides again. The claims then show paid, and so do the patient's EOBs.
 */
public final class PaymentPages {
  static final String FORM = InsurancePortal.ROOT + "/pay";
  static final String REVIEW = InsurancePortal.ROOT + "/pay/review";
  static final String SUBMIT = InsurancePortal.ROOT + "/pay/submit";
  private static final int MAX_CLAIMS = 100;
  /** Payable claims a page of the form. */
  public static final int PAGE = 50;

  /** A claim she may pay, as a row of the form. */
  public record PayableRow(ClaimRow claim, String currency) {}

  /** The form's content: a page of payable claims, and the cursor of the next page ({@code next}), null on the last. */
  public record Form(String organisation, String csrf, List<PayableRow> rows, String next) {}

  /** The page after a recorded payment. */
  public record Recorded(String notice, List<String> claims) {}

  private final InsurancePortal portal;
  private final BrowserSignedTransactions signing;
  private final Supplier<Optional<ClaimBilling>> billing;

  PaymentPages(InsurancePortal portal, BrowserSignedTransactions signing, Supplier<Optional<ClaimBilling>> billing) {
    this.portal = portal;
    this.signing = signing;
    this.billing = billing;
  }

  void register(PortalPages ui) {
    ui.page(FORM, PortalPages.Access.MEMBER, this::form);
    ui.form(REVIEW, PortalPages.Access.MEMBER, this::review);
    ui.form(SUBMIT, PortalPages.Access.MEMBER, this::submit);
  }

  /** Her insurer's payable claims, {@link #PAGE} a page in id order (a payment covers at most 100). */
  private PortalPage form(Context ctx, Optional<Identity> member) {
    Identity who = InsurancePortal.memberAs(member, "Recording a payment", "insurer", "admin");
    String cursor = ctx.queryParam("after") == null ? null : InsurancePortal.id(ctx, "after").hex();
    long now = portal.clock.millis();
    return StateAtHeight.read(portal.ledger, null, at -> {
      List<PayableRow> rows = new ArrayList<>();
      String[] next = {null};
      at.scan("claim/", cursor == null ? null : "claim/" + cursor, (k, v) -> {
        ClaimStanding standing = ClaimStanding.of(v);
        if (!standing.insurer().equals(who.organisation()) || !standing.status().mayBecome(ClaimStatus.PAID)) {
          return true;
        }
        Claim c = Claim.decode(v);
        if (rows.size() == PAGE) {
          next[0] = rows.get(rows.size() - 1).claim().id();
          return false;
        }
        rows.add(new PayableRow(ClaimRow.of(c, now), c.currency()));
        return true;
      });
      return new PortalPage("Record a payment", portal.templates.content("insurance/pay.jte",
          new Form(who.organisation(), PortalPages.csrfToken(ctx), rows, next[0])));
    });
  }

  /** Step one: the payment checked, then the transaction's bytes to sign. */
  private PortalPage review(Context ctx, Optional<Identity> member) {
    Identity who = payer(member);
    List<String> picked = ctx.formParams("claim");
    if (picked.isEmpty()) {
      throw new IllegalArgumentException("claims: tick the claims this bank transfer pays");
    }
    if (picked.size() > MAX_CLAIMS) {
      throw new IllegalArgumentException("claims: at most " + MAX_CLAIMS + " in one payment, not " + picked.size());
    }
    List<Hash> ids = new ArrayList<>();
    for (String s : picked) {
      ids.add(claimId(s));
    }
    StateReader state = portal.ledger.state();
    List<Claim> claims = payable(state, who, ids);
    String currency = claims.get(0).currency();
    long due = 0;
    for (Claim c : claims) {
      due = Math.addExact(due, c.adjudication().insurerPays());
    }
    long amount = minorUnits(BrowserSignedTransactions.form(ctx, "amount"), currency);
    if (amount != due) {
      throw new IllegalArgumentException("amount: " + InsuranceViews.amount(amount, currency) + " is not what these claims'"
          + " adjudications have " + who.organisation() + " pay: " + InsuranceViews.amount(due, currency));
    }
    String reference = BrowserSignedTransactions.form(ctx, "reference");
    if (reference.isEmpty() || reference.length() > 64 || !reference.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("reference: the bank transfer's reference, 1 to 64 printable ASCII characters"
          + " without spaces");
    }
    requireHonestLines(state, ids);
    List<String> hex = ids.stream().map(Hash::hex).toList();
    TreeMap<String, String> args = new TreeMap<>();
    args.put("claims", String.join(",", hex));
    args.put("amount", Long.toString(amount));
    args.put("currency", currency);
    args.put("reference", reference);
    List<String[]> facts = List.of(new String[] {"Paid to", claims.get(0).submitter()},
        new String[] {"Claims", ids.size() + ": " + String.join(", ", hex)},
        new String[] {"Amount", InsuranceViews.amount(amount, currency)},
        new String[] {"Bank transfer reference", reference},
        new String[] {"Signed by", who.name() + " of " + who.organisation()});
    return new PortalPage("Sign the payment", portal.templates.content("insurance/sign.jte", new SignReview(
        "Sign the payment", PortalPages.csrfToken(ctx), SUBMIT, FORM, facts,
        signing.payloadHex(who, "recordPayment", args))));
  }

  /** Step two: the transaction her browser signed, checked to be hers and a payment of her insurer's claims, then submitted. */
  private PortalPage submit(Context ctx, Optional<Identity> member) throws Exception {
    Identity who = payer(member);
    Transaction tx = signing.signedByHer(ctx, who, Set.of("recordPayment"), "a payment of claims");
    List<Hash> ids = new ArrayList<>();
    for (String s : tx.args().get("claims").orElse("").split(",", -1)) {
      ids.add(claimId(s));
    }
    StateReader state = portal.ledger.state();
    List<Claim> claims = payable(state, who, ids);
    requireHonestLines(state, ids);
    BrowserSignedTransactions.Submitted submitted = signing.submit(tx, "the payment");
    String amount = InsuranceViews.amount(Long.parseLong(tx.args().get("amount").orElse("0")), claims.get(0).currency());
    List<String> hex = ids.stream().map(Hash::hex).toList();
    if (submitted instanceof BrowserSignedTransactions.NotYetCommitted late) {
      ctx.status(202);
      return new PortalPage("Not yet committed", portal.templates.content("insurance/paid.jte", new Recorded(
          "The payment of " + amount + " was accepted as transaction " + late.txId().hex() + " but not committed within "
              + late.waitedSeconds() + " s; open the payments again to see whether it was.", hex)));
    }
    var done = (BrowserSignedTransactions.Committed) submitted;
    return new PortalPage("Payment recorded", portal.templates.content("insurance/paid.jte", new Recorded(
        "Payment " + done.txId().hex() + " of " + amount + " to " + claims.get(0).submitter() + " for " + ids.size()
            + " claim" + (ids.size() == 1 ? "" : "s") + " recorded in block " + done.height() + ".", hex)));
  }

  private static Identity payer(Optional<Identity> member) {
    Identity who = member.orElseThrow();
    if (!who.hasRole("insurer", "admin")) {
      throw new PortalRefusal(403, "Only the insurer's members record its payments; you are " + who.role() + " of "
          + who.organisation() + ".");
    }
    return who;
  }

  /**
   * The claims, each her insurer's and payable, all to one hospital in one currency. Another insurer's claim and
   * none read alike.
   */
  private static List<Claim> payable(StateReader state, Identity who, List<Hash> ids) {
    if (new TreeSet<>(ids).size() != ids.size()) {
      throw new IllegalArgumentException("claims: a claim is listed twice");
    }
    List<Claim> out = new ArrayList<>();
    for (Hash id : ids) {
      Optional<Claim> c = InsuranceReads.claim(state, id);
      if (c.isEmpty() || !c.get().insurer().equals(who.organisation())) {
        throw new PortalRefusal(404, "There is no claim " + id.hex() + " of " + who.organisation() + " to pay.");
      }
      if (!c.get().status().mayBecome(ClaimStatus.PAID)) {
        throw new IllegalArgumentException("claim " + id.hex() + " is " + c.get().status().wireName()
            + ": only an adjudicated or approved claim is paid");
      }
      Claim first = out.isEmpty() ? c.get() : out.get(0);
      if (!first.submitter().equals(c.get().submitter())) {
        throw new IllegalArgumentException("claims: a payment goes to one hospital; claim " + id.hex() + " was billed by "
            + c.get().submitter() + ", not " + first.submitter());
      }
      if (!first.currency().equals(c.get().currency())) {
        throw new IllegalArgumentException("claims: one currency a payment; claim " + id.hex() + " is in "
            + c.get().currency() + ", not " + first.currency());
      }
      out.add(c.get());
    }
    return out;
  }

  private void requireHonestLines(StateReader state, List<Hash> ids) {
    ClaimBilling b = billing.get().orElseThrow(() -> new PortalRefusal(503, "This node has no insurance line-hash salt:"
        + " it cannot check the lines it would pay, so it records no payment."));
    try {
      b.requireHonestLineHashes(state, ids);
    } catch (ApiError e) {
      throw new PortalRefusal(e.status(), e.getMessage());
    }
  }

  private static Hash claimId(String s) {
    try {
      return Hash.fromHex(s.strip());
    } catch (IllegalArgumentException e) {
      String shown = s.length() > 20 ? s.substring(0, 20) + "…" : s;
      throw new IllegalArgumentException("claims: '" + shown + "' is not a claim id (64 hex characters)");
    }
  }

  /** "472.00" EUR as 47200: exact, in the currency's own minor-unit digits, never through floating point. */
  static long minorUnits(String text, String currency) {
    int digits;
    try {
      digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      digits = 2;
    }
    String shown = text.length() > 24 ? text.substring(0, 24) + "…" : text;
    try {
      BigDecimal v = new BigDecimal(text);
      if (v.signum() <= 0 || v.scale() > digits) {
        throw new NumberFormatException();
      }
      return v.movePointRight(digits).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("amount: '" + shown + "' is not a positive amount in " + currency + " with at most "
          + digits + " decimals (like " + InsuranceViews.amount(47_200, currency).replace(" " + currency, "") + ")");
    }
  }
}
