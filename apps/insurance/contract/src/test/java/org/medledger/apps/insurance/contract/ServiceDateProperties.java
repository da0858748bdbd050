package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.ContractException;

/**
 * {@link ServiceDate#parse} answers exactly as the pattern-and-{@code LocalDate.parse} reading it
 * replaced: the same day for every date, the same refusal (code and message, which a block's log
 * commits) for everything else: impossible days and months, wrong shapes, other digits.
 */
class ServiceDateProperties {
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  @Test
  void datesInTheIsoShapeParseAsLocalDateDoes() {
    qt().withExamples(5_000).forAll(integers().between(0, 9999), integers().between(0, 99), integers().between(0, 99))
        .checkAssert((y, m, d) -> assertSame(String.format("%04d-%02d-%02d", y, m, d)));
  }

  @Test
  void anyOtherTextIsRefusedAsBefore() {
    qt().withExamples(2_000).forAll(strings().allPossible().ofLengthBetween(0, 12)).checkAssert(ServiceDateProperties::assertSame);
    qt().withExamples(2_000).forAll(strings().betweenCodePoints('+', '9').ofLengthBetween(8, 11))
        .checkAssert(ServiceDateProperties::assertSame);
    for (String s : new String[] {"2026-12-06", "2024-02-29", "2023-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "２０２６-12-06",
        "2026/12/06", "+2026-12-06", "0000-01-01", null}) {
      assertSame(s);
    }
  }

  /** The adjudicator's year of a line: as {@code LocalDate.parse(iso).getYear()} was, refusals included. */
  @Test
  void yearOfAnswersAsLocalDateParse() {
    qt().withExamples(5_000).forAll(integers().between(0, 9999), integers().between(0, 99), integers().between(0, 99))
        .checkAssert((y, m, d) -> assertSameYear(String.format("%04d-%02d-%02d", y, m, d)));
    qt().withExamples(2_000).forAll(strings().betweenCodePoints('+', '9').ofLengthBetween(8, 11))
        .checkAssert(ServiceDateProperties::assertSameYear);
    for (String s : new String[] {"2026-12-06", "2024-02-29", "2023-02-29", "2026-13-01", "+2026-12-06", "0000-01-01"}) {
      assertSameYear(s);
    }
  }

  private static void assertSameYear(String s) {
    assertThat(year(() -> ServiceDate.yearOf(s))).as(s).isEqualTo(year(() -> LocalDate.parse(s).getYear()));
  }

  private static String year(java.util.function.IntSupplier y) {
    try {
      return "year " + y.getAsInt();
    } catch (DateTimeException e) {
      return "refused";
    }
  }

  private static void assertSame(String s) {
    assertThat(outcome(() -> ServiceDate.parse(s, "line 1 dateOfService"))).as(s).isEqualTo(outcome(() -> reference(s)));
  }

  /** The reading before: the pattern, then {@code LocalDate.parse}. */
  private static long reference(String iso) throws ContractException {
    String field = "line 1 dateOfService";
    if (iso == null || !ISO_DATE.matcher(iso).matches()) {
      throw new ContractException("invalid_argument", field + " must be an ISO date YYYY-MM-DD, not '" + iso + "'");
    }
    try {
      return LocalDate.parse(iso).toEpochDay();
    } catch (DateTimeException e) {
      throw new ContractException("invalid_argument", field + " is no calendar date: '" + iso + "'");
    }
  }

  interface Parse {
    long run() throws ContractException;
  }

  private static String outcome(Parse p) {
    try {
      return "day " + p.run();
    } catch (ContractException e) {
      return e.code() + ": " + e.getMessage();
    }
  }
}
