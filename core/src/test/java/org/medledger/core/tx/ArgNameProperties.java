package org.medledger.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Args#isKey} accepts exactly what the pattern it replaced, {@code [A-Za-z0-9_.\-]{1,64}}, matched. */
class ArgNameProperties {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

  @Test
  void sameAnswerAsThePattern() {
    qt().withExamples(3_000).forAll(strings().allPossible().ofLengthBetween(0, 70))
        .checkAssert(s -> assertThat(Args.isKey(s)).as(s).isEqualTo(KEY.matcher(s).matches()));
    qt().withExamples(3_000).forAll(strings().betweenCodePoints(',', 'z').ofLengthBetween(0, 66))
        .checkAssert(s -> assertThat(Args.isKey(s)).as(s).isEqualTo(KEY.matcher(s).matches()));
    for (String s : new String[] {"", "a", "x".repeat(64), "x".repeat(65), "lines", "a b", "é", "policy-1.v_2", "/"}) {
      assertThat(Args.isKey(s)).as(s).isEqualTo(KEY.matcher(s).matches());
    }
    assertThat(Args.isKey(null)).isFalse();
  }
}
