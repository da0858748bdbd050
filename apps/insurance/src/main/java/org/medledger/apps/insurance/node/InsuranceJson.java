package org.medledger.apps.insurance.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;

/** Reading the insurance routes' JSON: every refusal is a 400 naming the field. */
final class InsuranceJson {
  private InsuranceJson() {}

  static String text(JsonNode body, String field) {
    return text(body, field, null);
  }

  static String text(JsonNode body, String field, String at) {
    String name = at == null ? field : at + "." + field;
    JsonNode v = body == null ? null : body.get(field);
    if (v == null || v.isNull() || !v.isTextual() || v.asText().isEmpty()) {
      throw ApiError.badRequest(name + ": a non-empty text is required");
    }
    return v.asText();
  }

  /** A whole number in {@code min..max} (money in minor units, a quantity): never a fraction. */
  static long whole(JsonNode body, String field, String at, long min, long max) {
    String name = at + "." + field;
    JsonNode v = body.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw ApiError.badRequest(name + ": a whole number is required (money in minor units)");
    }
    long n = v.asLong();
    if (n < min || n > max) {
      throw ApiError.badRequest(name + ": " + n + " is outside " + min + ".." + max);
    }
    return n;
  }

  static Hash parseHash(String s, String field) {
    try {
      return Hash.fromHex(s);
    } catch (RuntimeException e) {
      throw ApiError.badRequest(field + ": 64 hex characters are required");
    }
  }
}
