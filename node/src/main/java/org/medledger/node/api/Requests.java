package org.medledger.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.medledger.crypto.Hash;
import org.medledger.node.auth.Identity;

/** What an application's route handler reads of a request the API server has authenticated. */
public final class Requests {
  private Requests() {}

  /** The caller of an authenticated route; null on a public one. */
  public static Identity identity(Context ctx) {
    return ApiServer.identity(ctx);
  }

  /** The request's body, a JSON object; a 400 otherwise. */
  public static JsonNode body(Context ctx) {
    return ApiServer.body(ctx);
  }

  /** A path or query value that must be a hash; a 400 naming {@code what} otherwise. */
  public static Hash parseHash(String s, String what) {
    try {
      return Hash.fromHex(s);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(what + " must be 64 hex characters: " + e.getMessage());
    }
  }

  /** A path or query value that must be a whole number; a 400 naming {@code what} otherwise. */
  public static long parseLong(String s, String what) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(what + " must be a whole number, got '" + s + "'");
    }
  }
}
