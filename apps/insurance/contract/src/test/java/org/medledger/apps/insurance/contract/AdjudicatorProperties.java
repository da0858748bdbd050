package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.Hash;

/** The adjudication's money rules hold for any claim: exact integer shares, limits never passed, every cent accounted for. */
class AdjudicatorProperties {
  private static final String[][] SERVICES = {{"inpatient", "WARD-DAY"}, {"outpatient", "99213"}, {"outpatient", "99999"},
      {"surgery", "COSMETIC-01"}, {"dental", "D100"}, {"surgery", "KNEE-01"}};

  @Test
  void aShareIsTheExactFloorOfAmountTimesBasisPointsWithoutOverflow() {
    qt().withExamples(2_000).forAll(longs().between(0, Long.MAX_VALUE), integers().between(0, Money.WHOLE_BPS))
        .check((amount, bps) -> BigInteger.valueOf(amount).multiply(BigInteger.valueOf(bps))
            .divide(BigInteger.valueOf(Money.WHOLE_BPS)).longValueExact() == Money.share(amount, bps));
  }

  @Test
  void noLinePaysMoreThanItsAllowedAmountNorAYearMoreThanTheDeductibleAndAnnualLimitAllow() {
    qt().withExamples(500).forAll(lists().of(integers().between(0, SERVICES.length * 4 * 2 - 1)).ofSizeBetween(1, 12),
        longs().between(0, 300_000), longs().between(0, 50_000), longs().between(0, 30_000)).checkAssert(
        (picks, annualLimit, usedDeductible, otherPaid) -> {
          ProductTerms terms = Fixtures.product(annualLimit);
          Hash patient = Hash.of(new byte[32]);
          List<ClaimLine> lines = new ArrayList<>();
          for (int i = 0; i < picks.size(); i++) {
            int p = picks.get(i);
            String[] s = SERVICES[p % SERVICES.length];
            String date = (p / SERVICES.length) % 2 == 0 ? "2027-12-31" : "2028-01-02";
            lines.add(Fixtures.line(patient, "hospital-a", s[0], s[1], 1 + (p / (SERVICES.length * 2)), 7_919L * (i + 1), date));
          }
          YearUsage start = new YearUsage(Math.min(usedDeductible, terms.deductible()), 0);
          Adjudicator.Result r = Adjudicator.adjudicate(terms, lines, year -> start, h -> otherPaid);
          Map<Integer, long[]> perYear = new TreeMap<>();
          for (int i = 0; i < lines.size(); i++) {
            LineResult res = r.adjudication().lines().get(i);
            ClaimLine line = lines.get(i);
            assertThat(res.billed()).isEqualTo(line.billed());
            assertThat(res.insurerPays()).isLessThanOrEqualTo(res.allowed());
            assertThat(res.allowed()).isLessThanOrEqualTo(res.billed());
            assertThat(res.otherPayer() + res.insurerPays() + res.patientOwes()).isEqualTo(res.billed());
            if (!res.reason().covered()) {
              assertThat(res.insurerPays()).isZero();
            }
            long[] y = perYear.computeIfAbsent(Adjudicator.yearOf(line), k -> new long[2]);
            y[0] += res.deductible();
            y[1] += res.insurerPays();
          }
          perYear.forEach((year, y) -> {
            assertThat(start.deductibleMet() + y[0]).isLessThanOrEqualTo(terms.deductible());
            if (terms.annualLimit() > 0) {
              assertThat(y[1]).isLessThanOrEqualTo(terms.annualLimit());
            }
            // A year whose lines were all uncovered is not touched.
            assertThat(r.usage().getOrDefault(year, start)).isEqualTo(new YearUsage(start.deductibleMet() + y[0], y[1]));
          });
        });
  }
}
