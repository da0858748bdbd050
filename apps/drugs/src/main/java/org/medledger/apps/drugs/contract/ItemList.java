package org.medledger.apps.drugs.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * How a drug event's lists (its {@code serials}, {@code children} and {@code cases} arguments)
 * are written: items joined by ',', with '%', ',' and '.' inside an item written as {@code %25},
 * {@code %2C} and {@code %2E}. A GS1 serial may hold all three (character set 82), and unescaped
 * a serial "A,B" would read as two packs and a serial "5..7" as a run of three. Reading decodes
 * only those three escapes; any other '%' stays as it is, so lists written before the escapes
 * read as they did.
 */
public final class ItemList {
  private ItemList() {}

  /** The items, escaped and joined. */
  public static String join(List<String> items) {
    StringBuilder out = new StringBuilder();
    for (String item : items) {
      if (out.length() > 0) {
        out.append(',');
      }
      for (int i = 0; i < item.length(); i++) {
        char c = item.charAt(i);
        switch (c) {
          case '%' -> out.append("%25");
          case ',' -> out.append("%2C");
          case '.' -> out.append("%2E");
          default -> out.append(c);
        }
      }
    }
    return out.toString();
  }

  /** The items of a joined list, unescaped; empty items (",," or a trailing ',') are dropped. */
  public static List<String> split(String joined) {
    List<String> out = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    for (int i = 0; i <= joined.length(); i++) {
      char c = i < joined.length() ? joined.charAt(i) : ',';
      char unescaped = c == '%' ? escaped(joined, i) : 0;
      if (c == ',') {
        if (item.length() > 0) {
          out.add(item.toString());
          item.setLength(0);
        }
      } else if (unescaped != 0) {
        item.append(unescaped);
        i += 2;
      } else {
        item.append(c);
      }
    }
    return out;
  }

  /** The character {@code %xx} at {@code at} stands for, or 0 when it is not one of the three escapes. */
  private static char escaped(String s, int at) {
    if (at + 2 > s.length() - 1) {
      return 0;
    }
    String code = s.substring(at + 1, at + 3).toUpperCase(java.util.Locale.ROOT);
    return switch (code) {
      case "25" -> '%';
      case "2C" -> ',';
      case "2E" -> '.';
      default -> 0;
    };
  }
}
