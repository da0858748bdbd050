package org.medledger.apps.safety.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each malformed UDI is refused with a message naming what is wrong. */
class UdiMalformedTest {
  private static final int YEAR = 2026;

  private static void refused(String code, String because) {
    assertThatThrownBy(() -> Udi.parse(code, YEAR)).as(code).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(because);
  }

  @Test
  void gs1Mistakes() {
    refused("(01)51022222233337(17)150707", "check digit");
    refused("(01)51022222233336(99)X", "AI (99)");
    refused("(17)150707(10)A213B1", "missing device identifier");
    refused("(01)51022222233336(17)151307", "bad expiry date (AI 17)");
    refused("(01)51022222233336(11)150230", "bad manufacture date (AI 11)");
    refused("(01)51022222233336(10)A213B1(10)B", "appears twice");
    refused("(01)51022222233336(10)", "lot (AI 10)");
    refused("0151022222233336173", "cut short");
    refused("", "a UDI is needed");
  }

  @Test
  void hibccMistakes() {
    refused("+X999123ABC0/$$31905151234AB/S5678EDFG/16D20151001K", "bad HIBC check character 'K'");
    refused("+x999123ABC0/$1234ABc", "HIBC data may only hold");
    refused("+X999123ABC0/$$8051234AB" + Mod43.checkCharacter("+X999123ABC0/$$8051234AB"), "quantity");
    String badMonth = "+X999123ABC0/$$31913151234AB";
    refused(badMonth + Mod43.checkCharacter(badMonth), "bad date in HIBC secondary");
    String badJulian = "+X999123ABC0/$$5193671234AB";
    refused(badJulian + Mod43.checkCharacter(badJulian), "day of year 367");
    String noDi = "+/$1234AB";
    refused(noDi + Mod43.checkCharacter(noDi), "missing device identifier");
    String noUnitOfMeasure = "+X999123ABC";
    refused(noUnitOfMeasure + Mod43.checkCharacter(noUnitOfMeasure), "unit-of-measure digit");
    String secondaryAlone = "+$$3190515LOT1X";
    refused(secondaryAlone + Mod43.checkCharacter(secondaryAlone), "standalone HIBC secondary");
    String twoSerials = "+X999123ABC0/$$+3190515S1/SS2";
    refused(twoSerials + Mod43.checkCharacter(twoSerials), "serial twice");
    String unknownField = "+X999123ABC0/$1234AB/Q12";
    refused(unknownField + Mod43.checkCharacter(unknownField), "'Q12'");
    refused("=/1AB370000007JC89", "ISBT 128");
  }

  @Test
  void aSecondaryLinkedToAnotherPrimaryIsRefused() {
    String primary = "+X999123ABC0" + Mod43.checkCharacter("+X999123ABC0");
    char wrongLink = primary.charAt(primary.length() - 1) == 'A' ? 'B' : 'A';
    String secondary = "+$1234AB" + wrongLink;
    assertThatThrownBy(() -> HibccUdi.parsePair(primary, secondary + Mod43.checkCharacter(secondary), YEAR))
        .hasMessageContaining("link character");
  }
}
