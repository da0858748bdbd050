package org.medledger.apps.records.node.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the access history writes into a CSV cell and shows as a reader's reason. */
class AccessHistoryCellsTest {
  @Test
  void aCellASpreadsheetWouldRunAsAFormulaIsWrittenAsText() {
    for (String formula : new String[] {"=HYPERLINK(\"http://evil\")", "+1", "-2+3", "@SUM(A1)", "\tx"}) {
      assertThat(AccessHistoryPage.cell(formula)).as(formula).isEqualTo("'" + formula);
    }
    assertThat(AccessHistoryPage.cell("dr-li")).isEqualTo("dr-li");
    assertThat(AccessHistoryPage.cell("")).isEmpty();
  }

  @Test
  void aBreakGlassReasonIsShownInTheReadersOwnWords() {
    assertThat(AccessHistoryPage.statedReason("break-glass: unconscious")).isEqualTo("unconscious");
    assertThat(AccessHistoryPage.statedReason("consent abc")).isEqualTo("consent abc");
  }
}
