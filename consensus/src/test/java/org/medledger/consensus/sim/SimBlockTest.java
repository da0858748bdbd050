package org.medledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The simulator's block ids bind the body as the node's do (the body-swap adversary relies on it). */
class SimBlockTest {
  private final byte[] genuine = SimBlock.of("block:3:1:0:7", "txs");
  private final byte[] swapped = SimBlock.withSwappedBody(genuine);

  @Test
  void aSwappedBodyGetsAnotherIdAndIsInvalid() {
    assertThat(SimBlock.isValid(3, genuine)).isTrue();
    assertThat(SimBlock.isValid(3, swapped)).isFalse();
    assertThat(SimBlock.idOf(swapped, false)).isNotEqualTo(SimBlock.idOf(genuine, false));
  }

  @Test
  void withIdsBlindToTheBodyTheSwappedCopyPassesAsTheGenuineOne() {
    assertThat(SimBlock.idOf(swapped, true)).isEqualTo(SimBlock.idOf(genuine, true));
  }

  @Test
  void aBlockIsValidOnlyAtItsHeight() {
    assertThat(SimBlock.isValid(4, genuine)).isFalse();
  }
}
