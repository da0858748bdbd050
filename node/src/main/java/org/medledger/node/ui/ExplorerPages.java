package org.medledger.node.ui;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.receipt.SenderSignature;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ui.view.MessageView;

/**
 * The explorer, for any signed-in member: the dashboard, blocks, a block, a transaction with its
 * outcome and receipt, validators, the search box, and CSV export of a block range.
 */
final class ExplorerPages {
  private final Portal portal;
  private final PortalServices services;
  private final Ledger ledger;
  private final ExplorerQueries queries;
  private final BlockCsv csv;
  private final org.medledger.node.ledger.SenderMembershipProofs senderMemberships;

  ExplorerPages(Portal portal, PortalServices services, Clock clock) {
    this.portal = portal;
    this.services = services;
    this.ledger = services.ledger();
    this.senderMemberships = new org.medledger.node.ledger.SenderMembershipProofs(ledger);
    this.queries = new ExplorerQueries(ledger, clock, services.metadataRules());
    this.csv = new BlockCsv(ledger, queries);
  }

  void mount(Javalin app) {
    member(app, Portal.ROOT, (ctx, who) -> new PortalPage("Dashboard",
        portal.templates().content("dashboard.jte", queries.dashboard(services.mempoolSize().getAsInt(),
            services.peersLinked().getAsInt()))));
    app.get(Portal.ROOT + "/fragments/dashboard", this::dashboardFragment);
    member(app, Portal.ROOT + "/blocks", (ctx, who) -> new PortalPage("Blocks", portal.templates().content("blocks.jte",
        queries.blocks(longParam(ctx, "before", ledger.height() + 1), BlockCsv.MAX_BLOCKS))));
    member(app, Portal.ROOT + "/blocks/{height}", (ctx, who) -> {
      long h = parseLong(ctx.pathParam("height"), "a block's height");
      return queries.block(h, who).map(b -> new PortalPage("Block " + h, portal.templates().content("block.jte", b)))
          .orElseThrow(() -> new Portal.Refused(404, "There is no block at height " + h + "; the chain is at height "
              + ledger.height() + "."));
    });
    member(app, Portal.ROOT + "/tx/{id}", (ctx, who) -> {
      Hash id = parseHash(ctx.pathParam("id"));
      return queries.transaction(id, who).map(t -> new PortalPage("Transaction", portal.templates().content("transaction.jte", t)))
          .orElseThrow(() -> notCommitted(id));
    });
    member(app, Portal.ROOT + "/validators", (ctx, who) -> new PortalPage("Validators",
        portal.templates().content("validators.jte", queries.validators())));
    member(app, Portal.ROOT + "/search", this::search);
    app.get(Portal.ROOT + "/tx/{id}/receipt.json", this::receipt);
    app.get(Portal.ROOT + "/export.csv", this::export);
  }

  private void member(Javalin app, String path, PageBody body) {
    app.get(path, ctx -> portal.page(ctx, PortalPages.Access.MEMBER, (c, who) -> body.render(c, who.orElseThrow())));
  }

  @FunctionalInterface
  private interface PageBody {
    PortalPage render(Context ctx, Identity member) throws Exception;
  }

  /** The dashboard's figures alone, which htmx swaps in every few seconds. */
  private void dashboardFragment(Context ctx) {
    try {
      portal.member(ctx, true);
    } catch (Portal.SignInNeeded e) {
      ctx.status(401).result("");
      return;
    }
    StringBuilder html = new StringBuilder("<section id=\"dashboard-stats\" aria-labelledby=\"stats-heading\" "
        + "hx-get=\"/ui/fragments/dashboard\" hx-trigger=\"every 5s\" hx-swap=\"outerHTML\">");
    var stats = queries.dashboard(services.mempoolSize().getAsInt(), services.peersLinked().getAsInt());
    html.append(portal.templates().render("stats.jte", java.util.Map.of("view", stats)));
    ctx.header("Cache-Control", "no-store").html(html.append("</section>").toString());
  }

  private PortalPage search(Context ctx, Identity who) {
    String q = ctx.queryParam("q");
    Optional<String> target = queries.search(q, who);
    if (target.isPresent()) {
      ctx.redirect(target.get(), HttpStatus.SEE_OTHER);
      return new PortalPage("Search", portal.templates().content("message.jte", new MessageView("Found",
          "Going to " + target.get(), "Open it", target.get())));
    }
    ctx.status(404);
    String shown = q == null ? "" : (q.length() > 100 ? q.substring(0, 100) + "…" : q);
    return new PortalPage("Nothing found", portal.templates().content("message.jte", new MessageView("Nothing found",
        "Nothing on this ledger that you may see matches \u201c" + shown + "\u201d. Search by a block height (a whole "
            + "number), a transaction id or a block hash (64 hex characters).", "Back to the dashboard", Portal.ROOT)));
  }

  /** The transaction's receipt, as the API's {@code /v1/receipts/tx/{id}} gives it, for a signed-in member. */
  private void receipt(Context ctx) {
    try {
      Identity who = portal.member(ctx, true).orElseThrow();
      Hash id = parseHash(ctx.pathParam("id"));
      var ct = queries.visibleTransaction(id, who).orElseThrow(() -> notCommitted(id));
      var p = ledger.inclusionProof(id).orElseThrow(() -> notCommitted(id));
      byte[] sender = SenderSignature.certificateOf(services.membership(), ledger.state(), ct.transaction()).orElse(null);
      ctx.header("Content-Disposition", "attachment; filename=\"receipt-" + id.hex() + ".json\"");
      ctx.json(ReceiptDocuments.transactionReceipt(ct.transaction(), p.leafIndex(), p.treeSize(), p.auditPath(),
          ct.outcome(), p.header(), ledger.hashFunction(), sender, senderMemberships.forReceipt(ct, sender),
          ledger.validatorTransitions(p.header().header().height())));
    } catch (Portal.SignInNeeded e) {
      ctx.redirect(Portal.ROOT + "/signin?reason=" + e.reason, HttpStatus.SEE_OTHER);
    } catch (Portal.Refused e) {
      portal.message(ctx, e.status, "Not found", e.getMessage(), "Back to the start", Portal.ROOT);
    } catch (IllegalArgumentException e) {
      portal.message(ctx, 400, "That did not work", e.getMessage(), "Back to the start", Portal.ROOT);
    }
  }

  private void export(Context ctx) {
    try {
      Identity who = portal.member(ctx, true).orElseThrow();
      long from = parseLong(required(ctx, "from"), "'from'");
      long to = parseLong(required(ctx, "to"), "'to'");
      csv.checkRange(from, to);
      ctx.header("Content-Disposition", "attachment; filename=\"blocks-" + from + "-" + to + ".csv\"");
      ctx.header("Cache-Control", "no-store");
      ctx.contentType("text/csv; charset=utf-8; header=present");
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
        csv.write(from, to, who, w);
      }
      ctx.result(bytes.toByteArray());
    } catch (Portal.SignInNeeded e) {
      ctx.redirect(Portal.ROOT + "/signin?reason=" + e.reason, HttpStatus.SEE_OTHER);
    } catch (IllegalArgumentException e) {
      portal.message(ctx, 400, "Export refused", e.getMessage(), "Back to the blocks", Portal.ROOT + "/blocks");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String required(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("'" + name + "' (a block height) is required");
    }
    return v.strip();
  }

  private static Portal.Refused notCommitted(Hash id) {
    return new Portal.Refused(404, "Transaction " + id.hex() + " is not committed, or not one you may see.");
  }

  private static long longParam(Context ctx, String name, long otherwise) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? otherwise : parseLong(v.strip(), "'" + name + "'");
  }

  static long parseLong(String s, String what) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number; got \u201c"
          + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\u201d");
    }
  }

  static Hash parseHash(String s) {
    try {
      return Hash.fromHex(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a transaction id is 64 hex characters; got \u201c"
          + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "\u201d");
    }
  }
}
