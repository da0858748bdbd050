package org.medledger.apps.drugs.contract.gs1;

import java.nio.charset.StandardCharsets;

/**
 * The two ways EPCIS names a pack or case: a GS1 Digital Link URI ({@code
 * https://id.gs1.org/01/{gtin}/21/{serial}}, {@code …/00/{sscc}}; any host) or an EPC pure-identity
 * URN ({@code urn:epc:id:sgtin:{company prefix}.{indicator}{item reference}.{serial}}, {@code
 * urn:epc:id:sscc:{company prefix}.{extension}{serial reference}}; GS1 Tag Data Standard §6).
 * EPCIS 2.0 documents should use the first and may use the second; this ledger reads both and
 * writes Digital Link.
 */
public final class EpcUri {
  public static final String GS1_RESOLVER = "https://id.gs1.org";

  private EpcUri() {}

  public static ItemRef parse(String uri) {
    if (uri == null || uri.isEmpty()) {
      throw new IllegalArgumentException("an EPC is needed, got nothing");
    }
    if (uri.startsWith("urn:epc:id:sgtin:")) {
      String[] p = uri.substring("urn:epc:id:sgtin:".length()).split("\\.", 3);
      if (p.length != 3 || p[0].length() + p[1].length() != 13 || p[1].isEmpty() || !(p[0] + p[1]).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("'" + uri + "' is not an SGTIN URN (company prefix.indicator+item reference.serial, 13 digits)");
      }
      return ItemRef.pack(Gtin.withCheckDigit(p[1].charAt(0) + p[0] + p[1].substring(1)), urnDecode(p[2]));
    }
    if (uri.startsWith("urn:epc:id:sscc:")) {
      String[] p = uri.substring("urn:epc:id:sscc:".length()).split("\\.", 2);
      if (p.length != 2 || p[0].length() + p[1].length() != 17 || p[1].isEmpty() || !(p[0] + p[1]).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("'" + uri + "' is not an SSCC URN (company prefix.extension+serial reference, 17 digits)");
      }
      return ItemRef.ofCase(Sscc.withCheckDigit(p[1].charAt(0) + p[0] + p[1].substring(1)));
    }
    if (uri.startsWith("https://") || uri.startsWith("http://")) {
      int slash = uri.indexOf('/', uri.indexOf("://") + 3);
      String path = slash < 0 ? "" : uri.substring(slash);
      if (path.startsWith("/00/")) {
        return ItemRef.ofCase(new Sscc(path.substring(4).replaceAll("[?#].*$", "")));
      }
      DigitalLink link = DigitalLink.parse(uri);
      return ItemRef.pack(link.sgtin().gtin(), link.sgtin().serial());
    }
    throw new IllegalArgumentException("'" + uri + "' is neither a GS1 Digital Link URI nor an EPC URN (urn:epc:id:sgtin / sscc)");
  }

  /** The Digital Link URI of a pack or case under {@code base} (GS1's resolver by default). */
  public static String digitalLink(ItemRef ref, String base) {
    if (ref.isCase()) {
      return base + "/00/" + ref.sscc();
    }
    return new DigitalLink(new Sgtin(ref.gtin(), ref.serial()), java.util.Optional.empty(), java.util.Optional.empty()).format(base);
  }

  /** TDS escapes: {@code %xx} for the few characters an EPC URN may not carry literally. */
  private static String urnDecode(String s) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
