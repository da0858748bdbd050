package org.medledger.apps.insurance.node;

import io.javalin.http.Context;
import java.util.Locale;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;

/**
 * One page of a list route ({@code GET /v1/insurance/claims}, {@code /policies}): at most {@code
 * limit} items (100 unless asked, 1 to 1,000) after {@code cursor}, the last id of the page before
 * (items come in id order), read at block {@code height} (null: the head; {@link StateAtHeight}).
 * A page answers the height it was read at, and one that stops short of the end answers {@code
 * next}, the cursor of the page after it; the last page answers none. Asking the next page at the
 * first's height reads it as the ledger stood then.
 */
record ListPage(int limit, String cursor, Long height) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;

  static ListPage of(Context ctx) {
    String l = ctx.queryParam("limit");
    int limit = DEFAULT_LIMIT;
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiError.badRequest("limit: '" + (l.length() > 20 ? l.substring(0, 20) + "…" : l) + "' is not a whole number"
            + " from 1 to " + MAX_LIMIT);
      }
    }
    String c = ctx.queryParam("cursor");
    if (c != null) {
      c = InsuranceJson.parseHash(c.toLowerCase(Locale.ROOT), "cursor").hex();
    }
    return new ListPage(limit, c, StateAtHeight.parseHeight(ctx.queryParam("height")));
  }

  /** Whether an item of this id comes after the cursor. */
  boolean after(Hash id) {
    return cursor == null || id.hex().compareTo(cursor) > 0;
  }
}
