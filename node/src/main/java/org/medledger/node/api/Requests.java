package org.medledger.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import org.medledger.core.runtime.Caller;
import org.medledger.node.auth.Identity;

/** What an application's handler reads from a request the API server has already checked. */
public final class Requests {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final String IDENTITY = "medledger.identity";

  private Requests() {}

  /**
   * The caller of an authenticated route: its certificate checked against the ledger on this
   * request. Null on a public route when no token was sent.
   */
  public static Identity identity(Context ctx) {
    return ctx.attribute(IDENTITY);
  }

  /** The caller as a contract sees one (for the access policy and the contracts' queries). */
  public static Caller caller(Context ctx) {
    Identity who = identity(ctx);
    if (who == null) {
      throw new IllegalStateException("this route is public: no caller was authenticated");
    }
    return new Caller(who.certificateId(), who.organisation(), who.role(), who.name());
  }

  /** The body as a JSON object, or a 400 saying it is not one. */
  public static JsonNode body(Context ctx) {
    try {
      JsonNode n = MAPPER.readTree(ctx.body());
      if (n == null || !n.isObject()) {
        throw ApiError.badRequest("request body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw ApiError.badRequest("request body is not valid JSON");
    }
  }

  /** A path or query value that must be a hash; a 400 naming {@code what} otherwise. */
  public static org.medledger.crypto.Hash parseHash(String s, String what) {
    try {
      return org.medledger.crypto.Hash.fromHex(s);
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

  /** A required, non-empty string field of a JSON body, or a 400 naming it. */
  public static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw ApiError.badRequest("field '" + field + "' is required and must be a string");
    }
    return n.asText();
  }
}
