package org.medledger.apps.safety.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.quicktheories.core.Gen;

/** Rendering then parsing gives the UDI back, in both agencies' forms; one changed character never goes unnoticed. */
class UdiProperties {
  private static final int YEAR = 2026;
  private static final String HIBC_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  /** Characters a mutation may write: printable ASCII and the GS separator. */
  private static final String MUTATIONS = "\u001d !\"$%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

  private static Gen<String> word(String alphabet, int min, int max) {
    return in -> {
      int length = integers().between(min, max).generate(in);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < length; i++) {
        out.append(alphabet.charAt(integers().between(0, alphabet.length() - 1).generate(in)));
      }
      return out.toString();
    };
  }

  /** Days within the two-digit-year window around {@link #YEAR}, which a label's YY can name. */
  private static Gen<Optional<LocalDate>> dates() {
    int first = (int) LocalDate.of(YEAR - 49, 1, 1).toEpochDay();
    int last = (int) LocalDate.of(YEAR + 50, 12, 31).toEpochDay();
    Gen<LocalDate> day = integers().between(first, last)
        .map(d -> LocalDate.ofEpochDay(d));
    return day.toOptionals(40);
  }

  private static <T> Gen<Optional<T>> maybe(Gen<T> gen) {
    return gen.toOptionals(40);
  }

  static Gen<Udi> gs1() {
    Gen<String> lots = word(HIBC_CHARACTERS + "abcdefghijklmnopqrstuvwxyz-./_", 1, 20);
    return in -> new Udi(IssuingAgency.GS1, Gtin.withCheckDigit(word("0123456789", 13, 13).generate(in)).value(),
        maybe(lots).generate(in), dates().generate(in), maybe(lots).generate(in), dates().generate(in));
  }

  static Gen<Udi> hibcc() {
    Gen<String> fields = word(HIBC_CHARACTERS, 1, 18);
    Gen<String> labelerCode = in -> word(HIBC_CHARACTERS.substring(10), 1, 1).generate(in) + word(HIBC_CHARACTERS, 3, 3).generate(in);
    return in -> new Udi(IssuingAgency.HIBCC,
        labelerCode.generate(in) + word(HIBC_CHARACTERS, 1, 18).generate(in) + word("0123456789", 1, 1).generate(in),
        maybe(fields).generate(in), dates().generate(in), maybe(fields).generate(in), dates().generate(in));
  }

  @Test
  void aGs1UdiRendersAndParsesBackInBothForms() {
    qt().withExamples(500).forAll(gs1()).checkAssert(udi -> {
      assertThat(Udi.parse(udi.render(), YEAR)).isEqualTo(udi);
      assertThat(Udi.parse(Gs1Udi.elementString(udi), YEAR)).isEqualTo(udi);
    });
  }

  @Test
  void anHibccUdiRendersAndParsesBack() {
    qt().withExamples(500).forAll(hibcc()).checkAssert(udi -> assertThat(Udi.parse(udi.render(), YEAR)).isEqualTo(udi));
  }

  @Test
  void anyOneChangedCharacterIsRefusedOrReadsAsAnotherUdi() {
    Gen<Udi> either = arbitrary().pick(IssuingAgency.values()).flatMap(a -> a == IssuingAgency.GS1 ? gs1() : hibcc());
    Gen<Boolean> elementForm = arbitrary().pick(true, false);
    qt().withExamples(2000).forAll(either, elementForm, integers().between(0, 10_000), integers().between(0, MUTATIONS.length() - 1))
        .checkAssert((udi, raw, at, with) -> {
          String text = udi.agency() == IssuingAgency.GS1 && raw ? Gs1Udi.elementString(udi) : udi.render();
          int i = at % text.length();
          char replacement = MUTATIONS.charAt(with);
          if (text.charAt(i) == replacement) {
            return;
          }
          String changed = text.substring(0, i) + replacement + text.substring(i + 1);
          Udi read;
          try {
            read = Udi.parse(changed, YEAR);
          } catch (IllegalArgumentException refused) {
            return;
          }
          if (read.equals(udi)) {
            // The one spelling two labels share: GS1's day 00 means the month's last day (GS1 General Specifications §3.4.7).
            assertThat(replacement).as("'%s' read as the same UDI as '%s'", changed, text).isEqualTo('0');
            assertThat(udi.expiry().filter(UdiProperties::lastOfMonth).or(() -> udi.manufactured().filter(UdiProperties::lastOfMonth)))
                .as("'%s' read as the same UDI as '%s'", changed, text).isPresent();
          }
        });
  }

  private static boolean lastOfMonth(LocalDate d) {
    return d.getDayOfMonth() == d.lengthOfMonth();
  }
}
