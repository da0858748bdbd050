package org.medledger.apps.care.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.Hash;

class PlanVersionCodecTest {
  static Hash h(int b) {
    byte[] x = new byte[32];
    x[0] = (byte) b;
    return Hash.of(x);
  }

  @Test
  void aVersionReadsBackAsWrittenWithAndWithoutAPredecessor() {
    PlanVersion first = new PlanVersion(h(1), h(1), h(2), CareKind.CARE_PLAN, 1, Optional.empty(), "admitted", h(3),
        "hospital-a", h(4), 7, 1_800_000_000_000L);
    PlanVersion next = new PlanVersion(h(5), h(1), h(2), CareKind.GOAL, 2, Optional.of(h(1)), "revised: knee 90°", h(3),
        "hospital-a", h(6), 9, 1_800_000_060_000L);
    assertThat(PlanVersion.decode(first.encode())).isEqualTo(first);
    assertThat(PlanVersion.decode(next.encode())).isEqualTo(next);
    byte[] trailing = java.util.Arrays.copyOf(next.encode(), next.encode().length + 1);
    assertThatThrownBy(() -> PlanVersion.decode(trailing)).hasMessageContaining("care plan version");
  }
}
