package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link ProductTerms#isCode} accepts exactly what the pattern it replaced, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,31}}, matched. */
class CodeShapeProperties {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

  @Test
  void sameAnswerAsThePattern() {
    qt().withExamples(3_000).forAll(strings().allPossible().ofLengthBetween(0, 36))
        .checkAssert(s -> assertThat(ProductTerms.isCode(s)).as(s).isEqualTo(CODE.matcher(s).matches()));
    qt().withExamples(3_000).forAll(strings().betweenCodePoints(',', 'z').ofLengthBetween(0, 34))
        .checkAssert(s -> assertThat(ProductTerms.isCode(s)).as(s).isEqualTo(CODE.matcher(s).matches()));
    for (String s : new String[] {"", "A", "-A", ".A", "_A", "A-", "WARD-DAY", "COSMETIC-01", "x".repeat(32), "x".repeat(33), "Ä1"}) {
      assertThat(ProductTerms.isCode(s)).as(s).isEqualTo(CODE.matcher(s).matches());
    }
    assertThat(ProductTerms.isCode(null)).isFalse();
  }
}
