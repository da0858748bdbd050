package org.medledger.apps.drugs.node;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.drugs.contract.DrugQueries;
import org.medledger.apps.drugs.contract.gs1.DigitalLink;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;
import org.medledger.node.ui.Templates;

/**
 * The public drug check page ({@code /ui/drugs/check}), which a GS1 Digital Link QR opens on a
 * phone: the verdict the contract computes, in plain words and colour with what to do next, the
 * product's code, maker, lot and expiry, the trace as a short timeline, and a form to type a code
 * by hand. Anyone may open it; a signed-in member's check is named by its organisation (so a pack
 * seen where it was never shipped reads as diverted), an anonymous one is rate-limited per
 * address and counted, as the API's check is.
 */
final class DrugCheckPage {
  static final String PATH = "/ui/drugs/check";
  static final String JTE_PACKAGE = "org.medledger.apps.drugs.node.jte";
  private final DrugRoutes routes;
  private final Templates templates = Templates.precompiled(DrugCheckPage.class, JTE_PACKAGE);

  DrugCheckPage(DrugRoutes routes) {
    this.routes = routes;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.PUBLIC, this::render);
    ui.nav("Check a medicine", PATH, PortalPages.Access.PUBLIC);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    String code = Optional.ofNullable(ctx.queryParam("code")).map(String::strip).orElse("");
    if (code.isEmpty()) {
      return page(new DrugCheckView("", null, null));
    }
    if (code.length() > 512) {
      ctx.status(400);
      return page(new DrugCheckView(code.substring(0, 64) + "…", "That code is too long to be a medicine's code.", null));
    }
    DigitalLink link;
    try {
      link = DrugRoutes.readCode(code);
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      return page(new DrugCheckView(code, "This code could not be read: " + e.getMessage()
          + ". Type the text under the pack's QR code or DataMatrix, e.g. (01)09506000134352(21)A1B2C3.", null));
    }
    Optional<String> scanner = member.map(Identity::organisation);
    if (scanner.isEmpty() && !routes.allowedAnonymous(ctx.ip())) {
      ctx.status(429).header("Retry-After", "1");
      return page(new DrugCheckView(code, "Too many checks from your address just now: wait a second and try again.", null));
    }
    DrugRoutes.Check check = routes.check(link, scanner, ctx.ip());
    return page(new DrugCheckView(code, null, result(check)));
  }

  private DrugCheckView.Result result(DrugRoutes.Check check) {
    var link = check.link();
    var verdict = check.verdict();
    DrugVerdictText words = DrugVerdictText.of(verdict.outcome());
    var pack = DrugQueries.pack(routes.ledger().state(), link.sgtin().gtin(), link.sgtin().serial());
    List<DrugCheckView.Step> timeline = new ArrayList<>();
    for (String line : verdict.trace()) {
      int at = line.lastIndexOf(" [event ");
      if (at > 0 && line.endsWith("]")) {
        String event = line.substring(at + 8, line.length() - 1);
        timeline.add(new DrugCheckView.Step(line.substring(0, at), event.length() > 12 ? event.substring(0, 12) + "…" : event));
      } else {
        timeline.add(new DrugCheckView.Step(line, ""));
      }
    }
    return new DrugCheckView.Result(words.tone(), words.heading(), words.advice(), verdict.message(),
        link.sgtin().gtin().value(), link.sgtin().serial(), pack.map(p -> p.maker()).orElse(""),
        pack.map(p -> p.lot()).orElse(""), pack.map(p -> p.expiry()).orElse(""), check.height(), timeline,
        check.receipt());
  }

  private PortalPage page(DrugCheckView view) {
    String title = view.result() == null ? "Check a medicine" : view.result().heading() + " · medicine check";
    return new PortalPage(title, templates.content("drugs/check.jte", view));
  }
}
