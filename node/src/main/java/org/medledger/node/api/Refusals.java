package org.medledger.node.api;

import io.javalin.http.Context;

/**
 * How a handler names why it refused a request, for the node's refusal log (docs/security.md,
 * "Refused requests"). A 401 or 403 on a route serving health data is filed whatever the handler
 * does; a handler that refuses with another status (a FHIR search refused by role, answered as a
 * FHIR OperationOutcome) or wants a code more precise than "forbidden" names it here before it
 * throws. The code is filed, never the message: the message may name what was asked for.
 */
public final class Refusals {
  /** A refusal's reason: a code of lower-case letters, digits and '_' (compiled once: it is checked on every error answer). */
  private static final java.util.regex.Pattern REASON_CODE = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");
  static final String REASON = "medledger.refusal.reason";
  static final String MARKED = "medledger.refusal.marked";
  static final String CLAIMED = "medledger.refusal.claimed";
  static final String ROUTE = "medledger.refusal.route";

  private Refusals() {}

  /** This request is refused, for {@code reasonCode} (lower-case letters, digits, '_'). */
  public static void because(Context ctx, String reasonCode) {
    if (reasonCode == null || !REASON_CODE.matcher(reasonCode).matches()) {
      throw new IllegalArgumentException("a refusal's reason is a code of lower-case letters, digits and '_': " + reasonCode);
    }
    ctx.attribute(REASON, reasonCode);
    ctx.attribute(MARKED, Boolean.TRUE);
  }

  /** The reason an error answer gives, unless a more precise one was named first. */
  static void answered(Context ctx, String reasonCode) {
    if (ctx.attribute(REASON) == null && reasonCode != null && REASON_CODE.matcher(reasonCode).matches()) {
      ctx.attribute(REASON, reasonCode);
    }
  }
}
