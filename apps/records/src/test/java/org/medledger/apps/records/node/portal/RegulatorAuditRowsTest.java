package org.medledger.apps.records.node.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The regulator's audit rows: filters, counts per institution, and CSV cells a spreadsheet would run. */
class RegulatorAuditRowsTest {
  static RegulatorAuditPage.Row row(String event, String day, String org, boolean served, boolean breakGlass, String reason) {
    return new RegulatorAuditPage.Row(event, 1, 0, day + " 10:00 UTC", org, "dr-x", "clinician", breakGlass ? "ETREAT" : "TREAT",
        served, served ? (breakGlass ? "break-glass" : "consent") : "none", breakGlass, reason, false, "p1", "r1", "t1");
  }

  static final List<RegulatorAuditPage.Row> ROWS = List.of(
      row("1-a-0", "2026-01-02", "org-0", true, false, ""),
      row("2-b-0", "2026-01-05", "org-1", false, false, ""),
      row("3-c-0", "2026-01-09", "org-1", true, true, "=HYPERLINK(\"http://evil\")"));

  static RegulatorAuditPage.Filters filters(String from, String to, String org, String outcome, String breakGlass) {
    return new RegulatorAuditPage.Filters(from, to, org, outcome, breakGlass, List.of());
  }

  @Test
  void filtersByDateOrganisationOutcomeAndBreakGlass() throws Exception {
    assertThat(RegulatorAuditPage.filter(ROWS, filters("2026-01-03", "2026-01-09", "", "", ""))).extracting("event")
        .containsExactly("2-b-0", "3-c-0");
    assertThat(RegulatorAuditPage.filter(ROWS, filters("", "", "org-1", "served", ""))).extracting("event")
        .containsExactly("3-c-0");
    assertThat(RegulatorAuditPage.filter(ROWS, filters("", "", "", "", "only"))).extracting("event").containsExactly("3-c-0");
    assertThat(RegulatorAuditPage.filter(ROWS, filters("", "", "", "", "none"))).extracting("event")
        .containsExactly("1-a-0", "2-b-0");
  }

  @Test
  void aFilterThatMeansNothingIsNamedByItsField() {
    assertThatThrownBy(() -> RegulatorAuditPage.filter(ROWS, filters("", "", "", "", "maybe")))
        .hasMessageContaining("Break-glass is 'only', 'none'").extracting("field").isEqualTo("breakGlass");
    assertThatThrownBy(() -> RegulatorAuditPage.filter(ROWS, filters("2026-13-01", "", "", "", "")))
        .hasMessageContaining("'From' is not a date").extracting("field").isEqualTo("from");
    assertThatThrownBy(() -> RegulatorAuditPage.filter(ROWS, filters("2026-01-09", "2026-01-01", "", "", "")))
        .hasMessageContaining("is before").extracting("field").isEqualTo("to");
  }

  @Test
  void countsEachInstitutionsReadsServedRefusedAndBreakGlass() {
    assertThat(RegulatorAuditPage.counts(ROWS)).containsExactly(new RegulatorAuditPage.Count("org-0", 1, 1, 0, 0),
        new RegulatorAuditPage.Count("org-1", 2, 1, 1, 1));
  }

  @Test
  void theCsvHasOneRowPerReadAndAReasonThatWouldRunAsAFormulaIsText() throws Exception {
    List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(RegulatorAuditPage.csv(ROWS))).getRecords();
    assertThat(rows).extracting(r -> r.get("event")).containsExactly("1-a-0", "2-b-0", "3-c-0");
    assertThat(rows.get(2).get("reason")).isEqualTo("'=HYPERLINK(\"http://evil\")");
    assertThat(rows.get(2).get("break_glass")).isEqualTo("true");
    assertThat(rows.get(1).get("outcome")).isEqualTo("refused");
  }
}
