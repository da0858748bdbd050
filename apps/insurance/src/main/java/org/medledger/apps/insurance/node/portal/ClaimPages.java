package org.medledger.apps.insurance.node.portal;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimStanding;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.apps.insurance.node.InsuranceViews;
import org.medledger.apps.insurance.node.MemberAccess;
import org.medledger.apps.insurance.node.StateAtHeight;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;

/**
 * The insurer's claims queue (pended claims first, by deadline, escalated ones marked; then every
 * claim it may see, a page at a time, each page read at the first's height) and one claim: parties, status, the money in plain words and,
 * for those who may see the lines, each line with its reason. A regulator sees metadata: parties,
 * status, dates and totals, never the services.
 */
public final class ClaimPages {
  static final String QUEUE = InsurancePortal.ROOT + "/claims";
  static final String CLAIM = InsurancePortal.ROOT + "/claim";
  public static final int PAGE = 50;

  /**
   * The queue's content: {@code firstPage} lists the pended claims too; {@code height} is the block it was read at,
   * which the next page's link carries.
   */
  public record Queue(String organisation, boolean regulator, boolean firstPage, List<ClaimRow> pended, List<ClaimRow> rows,
      String next, long height) {}

  /** One claim's content; {@code lines} empty for a metadata view; {@code decide} when this member may decide it. */
  public record Detail(ClaimRow claim, String policy, String patient, String inWords, String pendReason,
      String decisionReason, String payment, boolean metadataOnly, List<ClaimLineRow> lines, boolean decide, String eob, String csrf) {}

  private final InsurancePortal portal;

  ClaimPages(InsurancePortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(QUEUE, PortalPages.Access.MEMBER, this::queue);
    ui.page(CLAIM, PortalPages.Access.MEMBER, this::claim);
  }

  private PortalPage queue(Context ctx, Optional<Identity> member) {
    Identity who = InsurancePortal.memberAs(member, "The claims queue", "insurer", "admin", "regulator");
    String cursor = ctx.queryParam("after") == null ? null : InsurancePortal.id(ctx, "after").hex();
    Long height = StateAtHeight.parseHeight(ctx.queryParam("height"));
    long now = portal.clock.millis();
    return StateAtHeight.read(portal.ledger, height, at -> {
      MemberAccess viewer = portal.access.of(at.access(), who);
      List<Claim> pended = new ArrayList<>();
      List<ClaimRow> rows = new ArrayList<>();
      String[] next = {null};
      // The first page lists every pended claim and the first claims; a later page only its claims, read at the
      // first page's height, from its cursor on.
      at.scan("claim/", cursor == null ? null : "claim/" + cursor, (k, v) -> {
        // Past the page's rows only pended claims matter: read where a claim stands before decoding its lines.
        if (next[0] != null && ClaimStanding.of(v).status() != ClaimStatus.PENDED) {
          return true;
        }
        Claim c = Claim.decode(v);
        if (viewer.claim(c) == InsuranceAccess.View.NONE) {
          return true;
        }
        if (cursor == null && c.status() == ClaimStatus.PENDED) {
          pended.add(c);
        }
        if (next[0] != null) {
          return true;
        }
        if (rows.size() == PAGE) {
          next[0] = rows.get(rows.size() - 1).id();
          return cursor == null;
        }
        rows.add(ClaimRow.of(c, now));
        return true;
      });
      pended.sort(Comparator.comparingLong(Claim::pendDeadline).thenComparing(c -> c.id().hex()));
      return new PortalPage("Claims queue", portal.templates.content("insurance/queue.jte", new Queue(who.organisation(),
          who.hasRole("regulator"), cursor == null, pended.stream().map(c -> ClaimRow.of(c, now)).toList(), rows, next[0],
          at.height())));
    });
  }

  private PortalPage claim(Context ctx, Optional<Identity> member) {
    Identity who = member.orElseThrow();
    Hash id = InsurancePortal.id(ctx, "id");
    StateReader state = portal.ledger.state();
    Optional<Claim> found = InsuranceReads.claim(state, id);
    InsuranceAccess.View view = found.map(c -> portal.access.claim(state, who, c)).orElse(InsuranceAccess.View.NONE);
    if (view == InsuranceAccess.View.NONE) {
      // Another's claim and none read alike.
      throw new PortalRefusal(404, "There is no claim " + id.hex() + " that you may see.");
    }
    Claim c = found.get();
    long now = portal.clock.millis();
    boolean full = view == InsuranceAccess.View.FULL;
    List<ClaimLineRow> lines = new ArrayList<>();
    if (full) {
      for (int i = 0; i < c.lines().size(); i++) {
        lines.add(ClaimLineRow.of(i + 1, c.lines().get(i), c.adjudication().lines().get(i), c.currency()));
      }
    }
    boolean decide = c.status() == ClaimStatus.PENDED && who.organisation().equals(c.insurer())
        && who.hasRole("insurer", "admin");
    var a = c.adjudication();
    String inWords = "Billed " + InsuranceViews.amount(a.billed(), c.currency()) + "; paid by the insurer "
        + InsuranceViews.amount(a.insurerPays(), c.currency()) + (a.otherPayer() == 0 ? "" : "; paid by other insurers "
        + InsuranceViews.amount(a.otherPayer(), c.currency())) + "; the patient owes "
        + InsuranceViews.amount(a.patientOwes(), c.currency()) + ".";
    return new PortalPage("Claim " + c.id().hex().substring(0, 12), portal.templates.content("insurance/claim.jte",
        new Detail(ClaimRow.of(c, now), full ? c.policy().hex() : "", full ? c.patient().hex() : "", inWords,
            c.pendReason(), c.decisionReason(), c.payment().equals(Hash.ZERO) ? "" : c.payment().hex(), !full, lines,
            decide, portal.access.eob(state, who, c) ? PatientInsurancePage.EOB + "?claim=" + c.id().hex() : "",
            PortalPages.csrfToken(ctx))));
  }
}
