package org.medledger.apps.drugs.node;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.medledger.apps.drugs.contract.DrugQueries;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.drugs.contract.LotRecalls;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ui.Templates;

/**
 * The regulator's recalls ({@code /ui/drugs/recalls}): every recalled lot on the ledger, newest
 * first, with each recall (who, in which role, why, when) and the organisations still holding its
 * packs or receiving them, counted from the ledger's pack records as the recall API counts them
 * ({@code GET /v1/drugs/recalls/{gtin}/{lot}}). A {@code ?gtin=&lot=} filter narrows to one lot.
 * Only a regulator, as the ledger registered the certificate. A recall itself is a transaction the
 * regulator signs with her own key (the API has no route that signs one for her), so the page
 * offers no recall form.
 */
final class RecallsPage {
  static final String PATH = "/ui/drugs/recalls";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private final Ledger ledger;
  private final LedgerRoles roles;
  private final Templates templates;

  RecallsPage(Ledger ledger, Membership membership, Clock clock, Templates templates) {
    this.ledger = ledger;
    this.roles = new LedgerRoles(ledger, membership, clock);
    this.templates = templates;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
    ui.navFor("Recalls", PATH, Set.of("regulator"));
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    roles.require(member.orElseThrow(), Set.of("regulator"), "The recalls page is for regulators");
    String gtin = Optional.ofNullable(ctx.queryParam("gtin")).map(String::strip).orElse("");
    String lot = Optional.ofNullable(ctx.queryParam("lot")).map(String::strip).orElse("");
    String error = null;
    if (!gtin.isEmpty()) {
      try {
        gtin = Gtin.parse(gtin).value();
      } catch (IllegalArgumentException e) {
        ctx.status(400);
        error = "That is not a product code (GTIN): " + e.getMessage() + ".";
      }
    }
    StateReader state = ledger.state();
    List<RecallsView.Lot> lots = new ArrayList<>();
    String g = error == null ? gtin : "";
    state.scan(StateKeys.of(DrugsContract.NAME, "recall/" + g), (k, v) -> {
      String local = StateKeys.localKey(DrugsContract.NAME, k);
      // recall/{14-digit GTIN}/{lot}: a lot may hold '/', a GTIN never does.
      Gtin product = new Gtin(local.substring(7, 21));
      String lotOf = local.substring(22);
      if (lot.isEmpty() || lot.equals(lotOf)) {
        lots.add(lot(state, product, lotOf, LotRecalls.decode(v)));
      }
      return true;
    });
    lots.sort(Comparator.comparingLong(RecallsView.Lot::firstHeight).reversed().thenComparing(RecallsView.Lot::gtin)
        .thenComparing(RecallsView.Lot::lot));
    for (int i = 0; i < lots.size(); i++) {
      lots.set(i, lots.get(i).at(i));
    }
    return new PortalPage("Recalls", templates.content("drugs/recalls.jte",
        new RecallsView(gtin, lot, error, lots, ledger.height())));
  }

  private static RecallsView.Lot lot(StateReader state, Gtin gtin, String lot, LotRecalls recalls) {
    List<RecallsView.Recall> rs = new ArrayList<>();
    for (LotRecalls.Recall r : recalls.recalls()) {
      rs.add(new RecallsView.Recall(r.by(), r.role(), r.reason(), TIME.format(Instant.ofEpochMilli(r.time())), r.height()));
    }
    List<RecallsView.Holder> holders = new ArrayList<>();
    long packs = 0;
    for (DrugQueries.Holding h : DrugQueries.holdersOfLot(state, gtin, lot)) {
      holders.add(new RecallsView.Holder(h.organisation(), h.inTransit(), h.packs()));
      packs += h.packs();
    }
    return new RecallsView.Lot(gtin.value(), lot, DrugQueries.maker(state, gtin).orElse(""),
        recalls.isEmpty() ? 0 : recalls.recalls().get(0).height(), rs, holders, packs, "");
  }
}
