package org.medledger.apps.drugs.contract.gs1;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.medledger.fuzz.Canonical;

/**
 * What a scanner or a consumer's phone hands over — a DataMatrix element string, a Digital Link
 * URI, an EPC URN — is refused with the IllegalArgumentException the parsers document, or read
 * into a pack whose canonical form reads back to the same pack. These texts are not canonical
 * (brackets or separators, query or path, percent-escapes), so the check is
 * parse(format(parse(x))) == parse(x).
 */
class Gs1FuzzTest {
  private static final String BASE = "https://id.example.org";

  @FuzzTest
  void elementString(byte[] input) {
    DigitalLink link;
    try {
      link = ElementString.parse(text(input));
    } catch (IllegalArgumentException refused) {
      return;
    }
    Canonical.assertStable("ElementString.parse then DigitalLink.format", link, DigitalLink.parse(link.format(BASE)));
  }

  @FuzzTest
  void digitalLink(byte[] input) {
    DigitalLink link;
    try {
      link = DigitalLink.parse(text(input));
    } catch (IllegalArgumentException refused) {
      return;
    }
    Canonical.assertStable("DigitalLink.parse then format", link, DigitalLink.parse(link.format(BASE)));
  }

  @FuzzTest
  void epcUri(byte[] input) {
    ItemRef ref;
    try {
      ref = EpcUri.parse(text(input));
    } catch (IllegalArgumentException refused) {
      return;
    }
    Canonical.assertStable("EpcUri.parse then digitalLink", ref, EpcUri.parse(EpcUri.digitalLink(ref, BASE)));
    Canonical.assertStable("EpcUri.parse then canonical", ref, ItemRef.parse(ref.canonical()));
  }

  private static String text(byte[] input) {
    return new String(input, StandardCharsets.UTF_8);
  }

  /** The GS1 General Specifications' and Digital Link standard's own examples, and ours. */
  static Map<String, List<byte[]>> seeds() {
    return Map.of(
        "elementString", bytes("(01)09506000134352(17)281231(10)L1(21)123", "]d20109506000134352172812311" + "0L1\u001d21123",
            "0109506000134352211234\u001d10AB-12"),
        "digitalLink", bytes("https://id.gs1.org/01/09506000134352/10/L1/21/123?17=281231",
            "/01/09506000134352/21/A%2FB%20c?10=LOT-9", "https://id.example.org/01/09506000134352/21/x~y_z.1"),
        "epcUri", bytes("urn:epc:id:sgtin:9506000.013435.123", "urn:epc:id:sscc:9506000.0123456789",
            "https://id.gs1.org/01/09506000134352/21/123", "https://id.gs1.org/00/095060001234567891"));
  }

  private static List<byte[]> bytes(String... texts) {
    return java.util.Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
  }
}
