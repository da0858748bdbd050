package org.medledger.apps.insurance.contract;

import java.time.DateTimeException;
import java.time.LocalDate;
import org.medledger.core.runtime.ContractException;

/**
 * Dates in the insurance contract: dates of service and policy periods are ISO 8601 calendar
 * dates ({@code 2027-03-14}), held as days since 1970-01-01 (UTC). The block's timestamp is the only
 * clock: its UTC day is "today" for every validator alike. Calendar arithmetic is pure (no zone,
 * no clock), so every node computes the same day and year.
 */
public final class ServiceDate {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private ServiceDate() {}

  /**
   * Days since 1970-01-01 of an ISO date; refused naming {@code field} when it is not one. Read
   * digit by digit: {@code LocalDate.parse}'s formatter was most of a claim line's date cost under
   * load (docs/insurance.md, "Measured"); {@code LocalDate.of} still judges the calendar.
   */
  public static long parse(String iso, String field) throws ContractException {
    if (!isIsoShape(iso)) {
      throw new ContractException("invalid_argument", field + " must be an ISO date YYYY-MM-DD, not '" + iso + "'");
    }
    try {
      return LocalDate.of(digits(iso, 0, 4), digits(iso, 5, 2), digits(iso, 8, 2)).toEpochDay();
    } catch (DateTimeException e) {
      throw new ContractException("invalid_argument", field + " is no calendar date: '" + iso + "'");
    }
  }

  /** Four, two and two ASCII digits joined by hyphens: the shape of an ISO calendar date. */
  private static boolean isIsoShape(String s) {
    if (s == null || s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      char c = s.charAt(i);
      if (i != 4 && i != 7 && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  public static String format(long epochDay) {
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  /**
   * The calendar year of an ISO date already accepted by {@link #parse}: read digit by digit, as
   * {@code parse} does, since {@code LocalDate.parse}'s formatter was 9 % of a claim's execution in
   * the 4-validator profile (docs/insurance.md, "Session 33"); anything else goes to
   * {@code LocalDate.parse}, which refuses it as it always did.
   */
  public static int yearOf(String iso) {
    if (!isIsoShape(iso)) {
      return LocalDate.parse(iso).getYear();
    }
    return LocalDate.of(digits(iso, 0, 4), digits(iso, 5, 2), digits(iso, 8, 2)).getYear();
  }

  /** The calendar year of a day: deductibles and annual limits run per calendar year of the date of service. */
  public static int year(long epochDay) {
    return LocalDate.ofEpochDay(epochDay).getYear();
  }

  /** The UTC day of a block's timestamp. */
  public static long dayOf(long blockMillis) {
    return Math.floorDiv(blockMillis, MILLIS_PER_DAY);
  }
}
