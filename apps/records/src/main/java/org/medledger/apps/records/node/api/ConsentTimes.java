package org.medledger.apps.records.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * A consent body's {@code start} and {@code end}: epoch milliseconds (a JSON integer, or digits in
 * a string) or ISO-8601 text: an instant with its offset ({@code 2027-06-30T00:00:00Z}, {@code
 * 2027-06-30T08:00:00+08:00}) or a date ({@code 2027-06-30}, its first millisecond in UTC).
 * Anything else is refused naming the field: a date read as 0 once made a consent that ended
 * before it began.
 */
final class ConsentTimes {
  private ConsentTimes() {}

  /** The field in epoch milliseconds; empty when absent or null. */
  static OptionalLong millis(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return OptionalLong.empty();
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return OptionalLong.of(nonNegative(field, n.asLong(), n.toString()));
    }
    if (n.isTextual()) {
      String t = n.asText().trim();
      if (t.matches("[0-9]{1,18}")) {
        return OptionalLong.of(Long.parseLong(t));
      }
      try {
        return OptionalLong.of(nonNegative(field, OffsetDateTime.parse(t).toInstant().toEpochMilli(), t));
      } catch (DateTimeParseException notAnInstant) {
        try {
          return OptionalLong.of(nonNegative(field, LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(), t));
        } catch (DateTimeParseException notADate) {
          // fall through to the refusal
        }
      }
    }
    throw new IllegalArgumentException("'" + field + "' must be epoch milliseconds (e.g. " + Instant.parse("2027-06-30T00:00:00Z")
        .toEpochMilli() + ") or an ISO-8601 instant or date (2027-06-30T00:00:00Z, 2027-06-30T08:00:00+08:00, 2027-06-30 = UTC"
        + " midnight); got " + n);
  }

  private static long nonNegative(String field, long millis, String given) {
    if (millis < 0) {
      throw new IllegalArgumentException("'" + field + "' " + given + " is before 1970: a consent period starts and ends after it");
    }
    return millis;
  }
}
