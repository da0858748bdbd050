package org.medledger.node.api;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.auth.Identity;
import org.medledger.node.refusals.Refusal;
import org.medledger.node.refusals.RefusalLog;
import org.medledger.node.refusals.RefusalRequester;

/**
 * Files, after each answer, every refused request to a route registered as serving health data
 * ({@link ApiRoutes.Serves#HEALTH_DATA}) in the node's refusal log: a 401 or 403 however early it
 * came (no token, a forged or another node's token, a member of another organisation, a role with
 * no right), a refused signed read request, and any refusal a handler named ({@link Refusals}).
 * A 429 or 413 is the request budget's, not a refusal of access, and is not filed.
 */
final class RefusalRecorder {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RefusalRecorder.class);
  /** Path parameters that are credentials (a download link's signed token): filed as their name. */
  private static final Set<String> SECRET_PATH_PARAMETERS = Set.of("token");
  /** Query parameters filed without their value: credentials, and free text (a break-glass reason). */
  private static final Set<String> UNFILED_QUERY_VALUES = Set.of("token", "access_token", "code", "signature", "reason");

  private final RefusalLog log;

  RefusalRecorder(RefusalLog log) {
    this.log = log;
  }

  void afterRequest(Context ctx) {
    RouteTable.Route route = ctx.attribute(Refusals.ROUTE);
    if (route == null || route.serves() != ApiRoutes.Serves.HEALTH_DATA) {
      return;
    }
    int status = ctx.statusCode();
    String reason = ctx.attribute(Refusals.REASON);
    boolean marked = Boolean.TRUE.equals(ctx.attribute(Refusals.MARKED));
    boolean refused = status == 401 || status == 403
        || status >= 400 && (marked || reason != null && reason.endsWith("_read_request"));
    if (!refused) {
      return;
    }
    try {
      log.append(new Refusal(ctx.req().getRemoteAddr(), ctx.method().name(), pathAsSent(ctx), status,
          reason != null ? reason : status == 401 ? "unauthorized" : "forbidden", requester(ctx)));
    } catch (RuntimeException e) {
      // The answer is already given; the operator learns the log missed one (nothing of the request is written here).
      LOG.warn("a refused {} to {} was not filed in the refusal log: {}", ctx.method(), route.path(), e.toString());
    }
  }

  private static RefusalRequester requester(Context ctx) {
    Identity verified = Requests.identity(ctx);
    if (verified != null) {
      return RefusalRequester.verified(verified.certificateId(), verified.organisation(), verified.role(), verified.name());
    }
    Identity claimed = ctx.attribute(Refusals.CLAIMED);
    if (claimed != null) {
      return RefusalRequester.claimed(claimed.certificateId(), claimed.organisation(), claimed.role(), claimed.name());
    }
    return RefusalRequester.NOBODY;
  }

  /** The path and query as sent (patient ids and all), credentials and free text taken out. */
  static String pathAsSent(Context ctx) {
    String path = ctx.path();
    for (var p : ctx.pathParamMap().entrySet()) {
      if (SECRET_PATH_PARAMETERS.contains(p.getKey()) && !p.getValue().isEmpty()) {
        path = path.replace(p.getValue(), "{" + p.getKey() + "}");
      }
    }
    String query = ctx.queryString();
    if (query == null || query.isEmpty()) {
      return path;
    }
    StringBuilder b = new StringBuilder(path).append('?');
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (i > 0) {
        b.append('&');
      }
      if (eq >= 0 && UNFILED_QUERY_VALUES.contains(decoded(name).toLowerCase(Locale.ROOT))) {
        b.append(name).append("={").append(decoded(name).toLowerCase(Locale.ROOT)).append('}');
      } else {
        b.append(pair);
      }
    }
    return b.toString();
  }

  private static String decoded(String s) {
    try {
      return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
