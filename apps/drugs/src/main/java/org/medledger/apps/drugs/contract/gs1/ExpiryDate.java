package org.medledger.apps.drugs.contract.gs1;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * An expiry date as AI (17) carries it, YYMMDD, where day 00 means the month's last day (GS1
 * General Specifications §3.4.7). The century follows §7.12 from a reference year the caller
 * gives (the ledger passes the block's year, never the wall clock): a year more than 50 years
 * ahead of the reference is in the previous century, more than 49 behind in the next.
 */
public record ExpiryDate(String yymmdd, LocalDate date) {
  public static ExpiryDate parse(String yymmdd, int referenceYear) {
    if (yymmdd == null || !yymmdd.matches("[0-9]{6}")) {
      throw new IllegalArgumentException("an expiry date (AI 17) is YYMMDD, got '" + yymmdd + "'");
    }
    int yy = Integer.parseInt(yymmdd.substring(0, 2));
    int mm = Integer.parseInt(yymmdd.substring(2, 4));
    int dd = Integer.parseInt(yymmdd.substring(4, 6));
    int century = referenceYear / 100 * 100;
    int year = century + yy;
    if (year - referenceYear > 50) {
      year -= 100;
    } else if (referenceYear - year > 49) {
      year += 100;
    }
    if (mm < 1 || mm > 12) {
      throw new IllegalArgumentException("expiry date " + yymmdd + ": month " + mm + " does not exist");
    }
    YearMonth ym = YearMonth.of(year, mm);
    if (dd > ym.lengthOfMonth()) {
      throw new IllegalArgumentException("expiry date " + yymmdd + ": " + ym + " has no day " + dd);
    }
    return new ExpiryDate(yymmdd, dd == 0 ? ym.atEndOfMonth() : ym.atDay(dd));
  }

  @Override
  public String toString() {
    return yymmdd;
  }
}
