package org.medledger.core.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuorumTest {
  @Test
  void anyTwoQuorumsShareMoreThanTheFaultyValidatorsForEveryN() {
    for (int n = 1; n <= 200; n++) {
      int f = Quorum.maxFaulty(n);
      int q = Quorum.size(n);
      assertThat(2 * q - n).as("overlap of two quorums of %d for n=%d", q, n).isGreaterThanOrEqualTo(f + 1);
      assertThat(q).as("the honest validators alone form a quorum for n=%d", n).isLessThanOrEqualTo(n - f);
      assertThat(2 * (q - 1) - n).as("q is the smallest such size for n=%d", n).isLessThan(f + 1);
    }
  }

  @Test
  void quorumIsTwoFPlusOneOnlyWhereThatIntersects() {
    assertThat(Quorum.size(4)).isEqualTo(3);
    assertThat(Quorum.size(5)).isEqualTo(4);
    assertThat(Quorum.size(6)).isEqualTo(4);
    assertThat(Quorum.size(7)).isEqualTo(5);
    assertThat(Quorum.size(1)).isEqualTo(1);
    assertThat(Quorum.size(2)).isEqualTo(2);
    assertThat(Quorum.size(3)).isEqualTo(2);
  }

  @Test
  void refusesAnEmptyNetwork() {
    assertThatThrownBy(() -> Quorum.size(0)).hasMessageContaining("at least one validator");
  }
}
