package org.medledger.apps.safety.contract;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.medledger.fuzz.Canonical;

/**
 * A device label as a scanner or a person types it is refused with the IllegalArgumentException
 * the codec documents, or read into a UDI that its written forms read back to. Labels are not
 * canonical (HIBC date formats, brackets or separators), so the check is parse(render(parse(x))) ==
 * parse(x), through the GS1 element string and, where no lot or serial holds a bracket, the bracketed form.
 */
class UdiFuzzTest {
  private static final int REFERENCE_YEAR = 2026;

  @FuzzTest
  void udi(byte[] input) {
    Udi udi;
    try {
      udi = Udi.parse(new String(input, StandardCharsets.UTF_8), REFERENCE_YEAR);
    } catch (IllegalArgumentException refused) {
      return;
    }
    if (udi.agency() == IssuingAgency.GS1) {
      Canonical.assertStable("Udi.parse then Gs1Udi.elementString", udi, Udi.parse(Gs1Udi.elementString(udi), REFERENCE_YEAR));
      boolean bracketFree = udi.lot().orElse("").concat(udi.serial().orElse("")).chars().noneMatch(c -> c == '(' || c == ')');
      if (bracketFree) {
        Canonical.assertStable("Udi.parse then render", udi, Udi.parse(udi.render(), REFERENCE_YEAR));
      }
    } else {
      Canonical.assertStable("Udi.parse then render", udi, Udi.parse(udi.render(), REFERENCE_YEAR));
    }
  }

  /** FDA's GS1 and HIBCC examples (docs/safety.md) and a raw DataMatrix element string. */
  static Map<String, List<byte[]>> seeds() {
    return Map.of("udi", bytes("(01)51022222233336(11)141231(17)150707(10)A213B1(21)1234",
        "]d201510222222333361114123117150707" + "10A213B1\u001d211234",
        "+X999123ABC0/$$05191234AB/S5678EDFG/16D20151001A", "+X999123ABC0/$$4190515211234AB/S5678EDFG/16D20151001N",
        "+X999123ABC0/$$619135211234AB/S5678EDFG/16D20151001N", "+X999123ABC0/$1234AB/S5678EDFG/16D20151001/14D20190515."));
  }

  private static List<byte[]> bytes(String... texts) {
    return java.util.Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
  }
}
