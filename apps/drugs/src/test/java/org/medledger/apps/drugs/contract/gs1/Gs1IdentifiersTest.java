package org.medledger.apps.drugs.contract.gs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.core.Gens.digits;
import static org.medledger.core.Gens.stringsOf;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GS1 identifiers against GS1's own published examples, and properties of the check digit and the Digital Link codec. */
class Gs1IdentifiersTest {
  @Test
  void gs1PublishedExamplesValidate() {
    // GS1 Digital Link Standard examples, the EAN-13 of GS1 General Specifications §7.9, SSCC §3.2.
    assertThat(Gtin.parse("09506000134352").value()).isEqualTo("09506000134352");
    assertThat(Gtin.parse("4006381333931").value()).isEqualTo("04006381333931");
    assertThat(Gtin.withCheckDigit("0950600013435").value()).isEqualTo("09506000134352");
    assertThat(new Sscc("106141412345678908").value()).endsWith("8");
    assertThat(Sscc.withCheckDigit("10614141234567890").value()).isEqualTo("106141412345678908");
    assertThatThrownBy(() -> Gtin.parse("09506000134353")).hasMessageContaining("check digit 3, expected 2");
    assertThatThrownBy(() -> Gtin.parse("950600013")).hasMessageContaining("8, 12, 13 or 14 digits");
  }

  @Test
  void everySingleDigitErrorBreaksTheCheckDigit() {
    qt().withExamples(500).forAll(digits(13), integers().between(0, 13), integers().between(1, 9))
        .checkAssert(Gs1IdentifiersTest::everySingleDigitErrorBreaksTheCheckDigit);
  }

  static void everySingleDigitErrorBreaksTheCheckDigit(String body, int at, int delta) {
    String gtin = Gtin.withCheckDigit(body).value();
    char[] c = gtin.toCharArray();
    c[at] = (char) ('0' + (c[at] - '0' + delta) % 10);
    assertThatThrownBy(() -> new Gtin(new String(c))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void digitalLinksParseInTheirGs1Forms() {
    DigitalLink a = DigitalLink.parse("https://id.gs1.org/01/09506000134352/21/12345?10=ABC1&17=261231");
    assertThat(a.sgtin()).isEqualTo(new Sgtin(new Gtin("09506000134352"), "12345"));
    assertThat(a.lot()).hasValue("ABC1");
    assertThat(a.expiry()).hasValue("261231");
    DigitalLink b = DigitalLink.parse("/01/09506000134352/10/ABC1/21/12345");
    assertThat(b.lot()).hasValue("ABC1");
    assertThat(b.expiry()).isEmpty();
    assertThat(DigitalLink.parse("/01/9506000134352/21/A%2FB%25C").sgtin().serial()).isEqualTo("A/B%C");
    assertThatThrownBy(() -> DigitalLink.parse("/01/09506000134352")).hasMessageContaining("serial");
    assertThatThrownBy(() -> DigitalLink.parse("/21/1/01/09506000134352")).hasMessageContaining("starts with /01/");
    assertThatThrownBy(() -> DigitalLink.parse("/01/09506000134352/21/with space")).hasMessageContaining("character set 82");
    assertThatThrownBy(() -> DigitalLink.parse("/01/09506000134352/21/1?17=2612")).hasMessageContaining("YYMMDD");
  }

  @Test
  void formatThenParseGivesTheSameLink() {
    qt().withExamples(300).forAll(digits(13), stringsOf("Az09/%?&+-._\"'", 1, 20), booleans().all())
        .checkAssert(Gs1IdentifiersTest::formatThenParseGivesTheSameLink);
  }

  static void formatThenParseGivesTheSameLink(String body, String serial, boolean withLot) {
    DigitalLink l = new DigitalLink(new Sgtin(Gtin.withCheckDigit(body), serial), withLot ? Optional.of("L/1+2") : Optional.empty(),
        Optional.of("270630"));
    assertThat(DigitalLink.parse(l.format("https://id.example.org/"))).isEqualTo(l);
  }

  @Test
  void expiryDatesFollowTheGs1CenturyRuleAndDay00() {
    assertThat(ExpiryDate.parse("270600", 2026).date()).isEqualTo(LocalDate.of(2027, 6, 30));
    assertThat(ExpiryDate.parse("991231", 2026).date().getYear()).isEqualTo(1999);
    assertThat(ExpiryDate.parse("760101", 2026).date().getYear()).isEqualTo(2076);
    assertThat(ExpiryDate.parse("770101", 2026).date().getYear()).isEqualTo(1977);
    assertThatThrownBy(() -> ExpiryDate.parse("270230", 2026)).hasMessageContaining("no day 30");
    assertThatThrownBy(() -> ExpiryDate.parse("271301", 2026)).hasMessageContaining("month 13");
  }

  @Test
  void chinasTwentyDigitCodeSplitsIntoProductAndSerial() {
    ChinaDrugCode c = new ChinaDrugCode("81234560000000011234");
    assertThat(c.productCode()).isEqualTo("8123456");
    assertThat(c.serialPart()).isEqualTo("000000001");
    assertThat(new Sgtin(Gtin.parse("09506000134352"), c.value()).serial()).hasSize(20);
    assertThatThrownBy(() -> new ChinaDrugCode("8123")).hasMessageContaining("20 digits");
  }

  @Test
  void dataMatrixElementStringsReadAsTheSameLink() {
    DigitalLink expected = new DigitalLink(new Sgtin(new Gtin("09506000134352"), "ABC123"), java.util.Optional.of("L1"),
        java.util.Optional.of("281231"));
    assertThat(ElementString.parse("(01)09506000134352(17)281231(10)L1(21)ABC123")).isEqualTo(expected);
    assertThat(ElementString.parse("]d2010950600013435217281231" + "10L1\u001d21ABC123")).isEqualTo(expected);
    assertThat(ElementString.parse("01095060001343522" + "1ABC123\u001d17281231" + "10L1")).isEqualTo(expected);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ElementString.parse("(01)09506000134352(99)X(21)1"))
        .hasMessageContaining("(99)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ElementString.parse("(01)09506000134352")).hasMessageContaining("(21)");
    // AI (11) is read for device UDIs (apps/safety) but still refused on a pack.
    assertThat(ElementString.fields("0109506000134352" + "11250101" + "10L1")).containsEntry("11", "250101").containsEntry("10", "L1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ElementString.parse("(01)09506000134352(11)250101(21)1"))
        .hasMessageContaining("(11)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ElementString.parse("0109506000134353" + "21X"))
        .hasMessageContaining("check digit");
  }
}
