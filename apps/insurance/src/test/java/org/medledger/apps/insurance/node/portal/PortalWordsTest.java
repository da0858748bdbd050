package org.medledger.apps.insurance.node.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.apps.insurance.contract.LineReason;

/** The words the insurance pages put on numbers and codes: exact shares, and a reason for every code. */
class PortalWordsTest {
  @Test
  void theInsurersShareIsAnExactPercentage() {
    assertThat(InsurerListPages.percent(8_000)).isEqualTo("80 %");
    assertThat(InsurerListPages.percent(8_050)).isEqualTo("80.5 %");
    assertThat(InsurerListPages.percent(10_000)).isEqualTo("100 %");
    assertThat(InsurerListPages.percent(1)).isEqualTo("0.01 %");
    assertThat(InsurerListPages.percent(0)).isEqualTo("0 %");
  }

  @Test
  void everyReasonCodeHasWordsThatSayWhetherItIsCovered() {
    for (LineReason r : LineReason.values()) {
      assertThat(ClaimLineRow.words(r)).as(r.name()).startsWith(r.covered() ? "Covered" : "Not covered");
    }
  }
}
