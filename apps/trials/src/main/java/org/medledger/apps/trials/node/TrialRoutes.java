package org.medledger.apps.trials.node;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medledger.apps.trials.contract.OverdueTrials;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.api.ApiError;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.ledger.Ledger;

/**
 * The public, read-only registry (issue 17, trials item 5): no token, as a trial registry is
 * public by law in most places. {@code GET /v1/trials} (add {@code ?overdue=true} for overdue
 * results only), {@code /v1/trials/{trialId}}, {@code .../versions}, {@code .../versions/{n}},
 * {@code .../versions/{n}/document} (the registration's exact bytes), {@code .../versions/{n}/protocol}
 * (the full protocol once revealed), {@code .../flags}. Overdue is reckoned at the head block's time.
 */
final class TrialRoutes {
  private final Ledger ledger;
  private final TrialRegistryView view;

  TrialRoutes(Ledger ledger, TrialRegistryView view) {
    this.ledger = ledger;
    this.view = view;
  }

  void register(ApiRoutes routes) {
    routes.publicGet("/v1/trials", this::list);
    routes.publicGet("/v1/trials/{trialId}", ctx -> answer(ctx, () -> view.trial(ledger.state(), ctx.pathParam("trialId"))));
    routes.publicGet("/v1/trials/{trialId}/versions", ctx -> answer(ctx, () -> view.versions(ledger.state(), ctx.pathParam("trialId"))));
    routes.publicGet("/v1/trials/{trialId}/versions/{version}",
        ctx -> answer(ctx, () -> view.version(ledger.state(), ctx.pathParam("trialId"), ctx.pathParam("version"))));
    routes.publicGet("/v1/trials/{trialId}/versions/{version}/document", this::document);
    routes.publicGet("/v1/trials/{trialId}/versions/{version}/protocol", this::protocol);
    routes.publicGet("/v1/trials/{trialId}/flags", ctx -> answer(ctx, () -> view.flags(ledger.state(), ctx.pathParam("trialId"))));
    // The registry's records are public; enrolments (pseudonymous participants) are not.
    for (String kind : new String[] {"head/", "version/", "results/", "flag/", "protocol/"}) {
      routes.publicStateReceipts(TrialsContract.NAME + "/" + kind);
    }
  }

  private interface Query {
    Object run() throws ContractException;
  }

  /** The contract's refusal as HTTP: an unknown trial or version is 404, a malformed id 400. */
  private static void answer(Context ctx, Query query) {
    try {
      ctx.json(query.run());
    } catch (ContractException e) {
      throw e.code().equals("not_found") ? ApiError.notFound(e.getMessage()) : ApiError.badRequest(e.getMessage());
    }
  }

  /** The registration document's exact bytes: re-parsing would lose the byte-for-byte check. */
  private void document(Context ctx) {
    try {
      byte[] bytes = view.document(ledger.state(), id -> ledger.transaction(id).map(c -> c.transaction()), ctx.pathParam("trialId"),
          ctx.pathParam("version"));
      ctx.contentType("application/json").result(bytes);
    } catch (ContractException e) {
      throw e.code().equals("not_found") ? ApiError.notFound(e.getMessage()) : ApiError.badRequest(e.getMessage());
    }
  }

  /**
   * A revealed protocol's exact bytes; the header {@code MedLedger-Receipt} names the public state
   * receipt that proves the hash its registration committed and the reveal.
   */
  private void protocol(Context ctx) {
    try {
      TrialRegistryView.Protocol p = view.protocol(ledger.state(), id -> ledger.transaction(id).map(c -> c.transaction()),
          ctx.pathParam("trialId"), ctx.pathParam("version"));
      ctx.header("MedLedger-Receipt", p.receipt());
      ctx.contentType("application/octet-stream").result(p.bytes());
    } catch (ContractException e) {
      throw e.code().equals("not_found") ? ApiError.notFound(e.getMessage()) : ApiError.badRequest(e.getMessage());
    }
  }

  /**
   * The registry in pages (trial-id order; {@code limit} at most {@link TrialPage#MAX_LIMIT},
   * {@code after} the previous page's {@code next}), or with {@code overdue=true} the overdue trials,
   * paged the same way.
   */
  private void list(Context ctx) {
    SignedHeader head = ledger.headSignedHeader();
    long blockTime = head.header().timestamp();
    StateReader state = ledger.state();
    String overdue = ctx.queryParam("overdue");
    if (overdue != null && !overdue.equals("true") && !overdue.equals("false")) {
      throw ApiError.badRequest("'overdue' must be true or false, got '" + overdue + "'");
    }
    TrialPage.Request page;
    try {
      page = TrialPage.Request.parse(ctx.queryParam("after"), ctx.queryParam("limit"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    if ("true".equals(overdue)) {
      try {
        ctx.json(view.overdue(state, blockTime, page));
      } catch (ContractException e) {
        throw ApiError.badRequest(e.getMessage());
      }
      return;
    }
    TrialPage trials = view.trials(state, blockTime, page);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("height", head.header().height());
    m.put("asOf", OverdueTrials.dateOf(blockTime).toString());
    m.put("limit", page.limit());
    m.put("trials", trials.trials());
    m.put("next", trials.next().orElse(null));
    ctx.json(m);
  }
}
