package org.medledger.apps.drugs.contract.gs1;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a pack's GS1 DataMatrix holds, as a scanner hands it over: a GS1 element string, either
 * bracketed for people ({@code (01)09506000134352(17)281231(10)L1(21)123}) or raw, with an optional
 * symbology identifier ({@code ]d2}) and the group separator (ASCII 29, FNC1) ending each
 * variable-length field ({@code 01095060001343521728123110L1<GS>21123}). AIs 01 and 17 have fixed
 * lengths (14 and 6); 10 and 21 run to the separator or the end (GS1 General Specifications §7.8).
 */
public final class ElementString {
  private static final char GS = 29;

  private ElementString() {}

  public static DigitalLink parse(String code) {
    Map<String, String> ais = fields(code);
    if (ais.containsKey("11")) {
      throw new IllegalArgumentException("AI (11) is not one a pack's code carries (01, 10, 17, 21)");
    }
    if (!ais.containsKey("01") || !ais.containsKey("21")) {
      throw new IllegalArgumentException("a pack's element string holds AI (01) GTIN and AI (21) serial, got '" + code + "'");
    }
    return new DigitalLink(new Sgtin(Gtin.parse(ais.get("01")), ais.get("21")), Optional.ofNullable(ais.get("10")),
        Optional.ofNullable(ais.get("17")));
  }

  /**
   * The AIs of an element string in the order written, values unchecked: (01), (10), (11) production
   * date, (17) and (21). Shared with the device UDI codec (apps/safety), which needs (11) and no (21).
   */
  public static Map<String, String> fields(String code) {
    String s = code == null ? "" : code.strip();
    if (s.startsWith("]d2") || s.startsWith("]Q3") || s.startsWith("]C1")) {
      s = s.substring(3);
    }
    return s.startsWith("(") ? bracketed(s) : raw(s);
  }

  private static Map<String, String> bracketed(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < s.length()) {
      int close = s.indexOf(')', i);
      if (s.charAt(i) != '(' || close < 0) {
        throw new IllegalArgumentException("expected '(AI)' at position " + i + " of '" + s + "'");
      }
      String ai = s.substring(i + 1, close);
      int next = s.indexOf('(', close);
      put(out, ai, s.substring(close + 1, next < 0 ? s.length() : next));
      i = next < 0 ? s.length() : next;
    }
    return out;
  }

  private static Map<String, String> raw(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == GS) {
        i++;
        continue;
      }
      if (i + 2 > s.length()) {
        throw new IllegalArgumentException("a truncated AI at the end of the element string");
      }
      String ai = s.substring(i, i + 2);
      int start = i + 2;
      int end = switch (ai) {
        case "01" -> start + 14;
        case "11", "17" -> start + 6;
        case "10", "21" -> s.indexOf(GS, start) < 0 ? s.length() : s.indexOf(GS, start);
        default -> throw new IllegalArgumentException(
            "AI (" + ai + ") at position " + i + " is not one this ledger reads (01, 10, 11, 17, 21)");
      };
      if (end > s.length()) {
        throw new IllegalArgumentException("AI (" + ai + ") is cut short");
      }
      put(out, ai, s.substring(start, end));
      i = end;
    }
    return out;
  }

  private static void put(Map<String, String> out, String ai, String value) {
    if (!ai.equals("01") && !ai.equals("10") && !ai.equals("11") && !ai.equals("17") && !ai.equals("21")) {
      throw new IllegalArgumentException("AI (" + ai + ") is not one this ledger reads (01, 10, 11, 17, 21)");
    }
    if (out.put(ai, value) != null) {
      throw new IllegalArgumentException("AI (" + ai + ") appears twice");
    }
  }
}
