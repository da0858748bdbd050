package org.medledger.apps.insurance.node.portal;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.insurance.contract.Benefit;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.contract.Payment;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.apps.insurance.contract.ProductTerms;
import org.medledger.apps.insurance.contract.PublishedProduct;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.apps.insurance.node.InsuranceViews;
import org.medledger.apps.insurance.node.MemberAccess;
import org.medledger.apps.insurance.node.StateAtHeight;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;

/**
 * The insurer's lists: its products (each one's benefit schedule in words), its policies a page at
 * a time (each page read at the first's height), and its payments to hospitals. A regulator sees every insurer's, as metadata; a hospital
 * sees the payments made to it. Rows come only through {@link InsuranceAccess}.
 */
public final class InsurerListPages {
  static final String PRODUCTS = InsurancePortal.ROOT + "/products";
  static final String POLICIES = InsurancePortal.ROOT + "/policies";
  static final String PAYMENTS = InsurancePortal.ROOT + "/payments";
  public static final int PAGE = 50;

  /** A product in words. */
  public record ProductRow(String insurer, String code, int version, String deductible, String insurerShare,
      String annualLimit, int waitingDays, List<String> benefits, String exclusions, String review) {}

  /** A payment as a row. */
  public record PaymentRow(String id, String shortId, String insurer, String payee, String amount, int claims,
      String reference, String when) {}

  public record Products(String organisation, List<ProductRow> rows) {}

  /** A page of policies read at block {@code height}, which the next page's link carries. */
  public record Policies(String organisation, List<PolicyRow> rows, String next, long height) {}

  /** {@code payer} when the member records her insurer's payments (an insurer's, not a hospital's or a regulator's). */
  public record Payments(String organisation, boolean payer, List<PaymentRow> rows) {}

  private final InsurancePortal portal;

  InsurerListPages(InsurancePortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(PRODUCTS, PortalPages.Access.MEMBER, this::products);
    ui.page(POLICIES, PortalPages.Access.MEMBER, this::policies);
    ui.page(PAYMENTS, PortalPages.Access.MEMBER, this::payments);
  }

  /** An insurer's members see its own products; a regulator every insurer's (a product is a licensed, published schedule). */
  private PortalPage products(Context ctx, Optional<Identity> member) {
    Identity who = InsurancePortal.memberAs(member, "The products page", "insurer", "admin", "regulator");
    String insurer = who.hasRole("regulator") ? null : who.organisation();
    List<ProductRow> rows = new ArrayList<>();
    for (PublishedProduct p : InsuranceReads.products(portal.ledger.state(), insurer)) {
      rows.add(row(p));
    }
    return new PortalPage("Products", portal.templates.content("insurance/products.jte",
        new Products(who.organisation(), rows)));
  }

  private static ProductRow row(PublishedProduct p) {
    ProductTerms t = p.terms();
    String cur = t.currency();
    List<String> benefits = new ArrayList<>();
    for (Benefit b : t.benefits()) {
      benefits.add(b.category() + ": " + (b.codes().isEmpty() ? "every code" : String.join(", ", b.codes()))
          + (b.perServiceLimit() == 0 ? "" : ", up to " + InsuranceViews.amount(b.perServiceLimit(), cur) + " a service"));
    }
    String review = (t.reviewCodes().isEmpty() ? "" : "codes " + String.join(", ", t.reviewCodes()))
        + (t.pendThreshold() == 0 ? "" : (t.reviewCodes().isEmpty() ? "" : "; ") + "claims above "
        + InsuranceViews.amount(t.pendThreshold(), cur)) + "; decide within " + t.assessorDeadlineHours() + " h";
    return new ProductRow(p.insurer(), p.code(), p.version(), InsuranceViews.amount(t.deductible(), cur),
        percent(10_000 - t.coinsuranceBps()) + " after the deductible",
        t.annualLimit() == 0 ? "none" : InsuranceViews.amount(t.annualLimit(), cur), t.waitingDays(), benefits,
        t.exclusions().isEmpty() ? "none" : String.join(", ", t.exclusions()), review);
  }

  /** Basis points as an exact percentage: 8000 as "80 %", 8050 as "80.5 %". */
  static String percent(int bps) {
    return java.math.BigDecimal.valueOf(bps, 2).stripTrailingZeros().toPlainString() + " %";
  }

  private PortalPage policies(Context ctx, Optional<Identity> member) {
    Identity who = InsurancePortal.memberAs(member, "The policies page", "insurer", "admin", "regulator");
    String cursor = ctx.queryParam("after") == null ? null : InsurancePortal.id(ctx, "after").hex();
    Long height = StateAtHeight.parseHeight(ctx.queryParam("height"));
    return StateAtHeight.read(portal.ledger, height, at -> {
      MemberAccess viewer = portal.access.of(at.access(), who);
      List<PolicyRow> rows = new ArrayList<>();
      String[] next = {null};
      at.scan("policy/", cursor == null ? null : "policy/" + cursor, (k, v) -> {
        Policy p = Policy.decode(v);
        if (viewer.policy(p) == InsuranceAccess.View.NONE) {
          return true;
        }
        if (rows.size() == PAGE) {
          next[0] = rows.get(rows.size() - 1).id();
          return false;
        }
        rows.add(PolicyRow.of(p));
        return true;
      });
      return new PortalPage("Policies", portal.templates.content("insurance/policies.jte",
          new Policies(who.organisation(), rows, next[0], at.height())));
    });
  }

  private PortalPage payments(Context ctx, Optional<Identity> member) {
    Identity who = InsurancePortal.memberAs(member, "The payments page", "insurer", "admin", "clinician", "regulator");
    List<PaymentRow> rows = new ArrayList<>();
    for (Payment p : InsuranceReads.payments(portal.ledger.state())) {
      if (portal.access.payment(who, p) == InsuranceAccess.View.NONE) {
        continue;
      }
      rows.add(new PaymentRow(p.id().hex(), p.id().hex().substring(0, 12) + "…", p.insurer(), p.payee(),
          InsuranceViews.amount(p.amount(), p.currency()), p.claims().size(), p.reference(),
          InsurancePortal.time(p.timestamp())));
    }
    return new PortalPage("Payments", portal.templates.content("insurance/payments.jte",
        new Payments(who.organisation(), who.hasRole("insurer", "admin"), rows)));
  }
}
