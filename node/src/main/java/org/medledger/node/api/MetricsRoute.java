package org.medledger.node.api;

import io.javalin.http.Context;
import java.util.function.Supplier;
import org.medledger.node.metrics.ScrapeToken;

/**
 * {@code GET /metrics}: the node's figures in the Prometheus text format, for the holder of the
 * scrape token only. They name no patient, yet tell who is up and how busy a hospital is, so they
 * are not for anyone who can reach the port; an API token (a member's) is not a scrape token.
 */
final class MetricsRoute {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Supplier<String> scrape;
  private final ScrapeToken token;

  MetricsRoute(Supplier<String> scrape, ScrapeToken token) {
    this.scrape = scrape;
    this.token = token;
  }

  void serve(Context ctx) {
    if (!token.admits(ctx.header("Authorization"))) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
      throw new ApiError(401, "unauthorized", "GET /metrics needs the node's scrape token: Authorization: Bearer <the"
          + " content of secrets/" + ScrapeToken.FILE + " in the node's data folder>");
    }
    ctx.contentType(CONTENT_TYPE).result(scrape.get());
  }
}
