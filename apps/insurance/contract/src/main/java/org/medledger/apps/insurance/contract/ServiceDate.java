package org.medledger.apps.insurance.contract;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.medledger.core.runtime.ContractException;

/**
 * Dates in the insurance contract: dates of service and policy periods are ISO 8601 calendar
 * dates ({@code 2027-03-14}), held as days since 1970-01-01 (UTC). The block's timestamp is the only
 * clock: its UTC day is "today" for every validator alike. Calendar arithmetic is pure (no zone,
 * no clock), so every node computes the same day and year.
 */
public final class ServiceDate {
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private ServiceDate() {}

  /** Days since 1970-01-01 of an ISO date; refused naming {@code field} when it is not one. */
  public static long parse(String iso, String field) throws ContractException {
    if (iso == null || !ISO_DATE.matcher(iso).matches()) {
      throw new ContractException("invalid_argument", field + " must be an ISO date YYYY-MM-DD, not '" + iso + "'");
    }
    try {
      return LocalDate.parse(iso).toEpochDay();
    } catch (DateTimeException e) {
      throw new ContractException("invalid_argument", field + " is no calendar date: '" + iso + "'");
    }
  }

  public static String format(long epochDay) {
    return LocalDate.ofEpochDay(epochDay).toString();
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
