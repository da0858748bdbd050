package org.medledger.apps.safety.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The UDIs FDA prints as examples of each issuing agency's format, read as the labels mean them.
 * Source: FDA, "UDI Formats by FDA-Accredited Issuing Agency", version 1.3, January 27, 2017 (GS1
 * and HIBCC sections); the HIBCC lines as reproduced with their check characters in OpenText IDOL
 * Eduction's "device grammar" documentation (device/udi/nocontext examples).
 */
class UdiPublishedExamplesTest {
  private static final int REFERENCE_YEAR = 2016;

  @Test
  void fdasGs1ExampleReadsAllFiveAis() {
    Udi udi = Udi.parse("(01)51022222233336(11)141231(17)150707(10)A213B1(21)1234", REFERENCE_YEAR);
    assertThat(udi).isEqualTo(new Udi(IssuingAgency.GS1, "51022222233336", Optional.of("A213B1"),
        Optional.of(LocalDate.of(2015, 7, 7)), Optional.of("1234"), Optional.of(LocalDate.of(2014, 12, 31))));
    assertThat(udi.render()).isEqualTo("(01)51022222233336(11)141231(17)150707(10)A213B1(21)1234");
    assertThat(Udi.parse("]d2" + Gs1Udi.elementString(udi), REFERENCE_YEAR)).isEqualTo(udi);
  }

  @Test
  void fdasHibccExamplesReadEveryExpiryDateFormat() {
    Udi mmyy = hibcc(Optional.of(LocalDate.of(2019, 5, 31)));
    assertThat(Udi.parse("+X999123ABC0/$$05191234AB/S5678EDFG/16D20151001A", REFERENCE_YEAR)).isEqualTo(mmyy);
    Udi may15 = hibcc(Optional.of(LocalDate.of(2019, 5, 15)));
    for (String label : new String[] {
        "+X999123ABC0/$$20515191234AB/S5678EDFG/16D20151001I", // MMDDYY
        "+X999123ABC0/$$31905151234AB/S5678EDFG/16D20151001J", // YYMMDD
        "+X999123ABC0/$$4190515211234AB/S5678EDFG/16D20151001N", // YYMMDDHH
        "+X999123ABC0/$$5191351234AB/S5678EDFG/16D20151001J", // YYJJJ: day 135 of 2019
        "+X999123ABC0/$$619135211234AB/S5678EDFG/16D20151001N", // YYJJJHH
        "+X999123ABC0/$1234AB/S5678EDFG/16D20151001/14D20190515.", // lot only, expiry as a supplementary field
    }) {
      assertThat(Udi.parse(label, REFERENCE_YEAR)).as(label).isEqualTo(may15);
    }
    assertThat(Udi.parse(may15.render(), REFERENCE_YEAR)).isEqualTo(may15);
  }

  @Test
  void anHibccDateBeyondTheTwoDigitWindowRendersBackWithItsCentury() {
    // Jazzer's finding (fuzz/…/UdiFuzzTestInputs/udi/crash-2351…): /14D carries 2091, which $$3 would have written as 91.
    Udi udi = Udi.parse("+X999123ABC0/$1234AB/S5678EDFG/16D20151001/14D20910515.", REFERENCE_YEAR);
    assertThat(udi.expiry()).contains(LocalDate.of(2091, 5, 15));
    assertThat(Udi.parse(udi.render(), REFERENCE_YEAR)).isEqualTo(udi);
  }

  private static Udi hibcc(Optional<LocalDate> expiry) {
    return new Udi(IssuingAgency.HIBCC, "X999123ABC0", Optional.of("1234AB"), expiry, Optional.of("5678EDFG"),
        Optional.of(LocalDate.of(2015, 10, 1)));
  }

  @Test
  void aStandalonePrimaryAndSecondaryReadAsOneUdiWhenLinked() {
    String primary = "+X999123ABC0" + Mod43.checkCharacter("+X999123ABC0");
    char link = primary.charAt(primary.length() - 1);
    String secondaryData = "+$$31905151234AB/S5678EDFG/16D20151001" + link;
    String secondary = secondaryData + Mod43.checkCharacter(secondaryData);
    assertThat(HibccUdi.parsePair(primary, secondary, REFERENCE_YEAR)).isEqualTo(hibcc(Optional.of(LocalDate.of(2019, 5, 15))));
  }
}
