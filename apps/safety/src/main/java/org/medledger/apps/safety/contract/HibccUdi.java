package org.medledger.apps.safety.contract;

import java.time.LocalDate;
import java.util.Optional;
import org.medledger.apps.drugs.contract.gs1.ExpiryDate;

/**
 * HIBCC UDIs as the HIBC Supplier Labeling Standard (ANSI/HIBC 2.x) writes them. Primary data
 * {@code +LLLLPPP…U} (labeler, product, unit of measure); secondary data {@code $…} whose flag says
 * what follows: {@code $} lot; {@code $+} serial; {@code $$} then a date format then lot, {@code $$+}
 * the same with a serial ({@code 0}/{@code 1} MMYY, {@code 2} MMDDYY, {@code 3} YYMMDD, {@code 4}
 * YYMMDDHH, {@code 5} YYJJJ, {@code 6} YYJJJHH, {@code 7} no date); supplementary fields
 * {@code /S} serial, {@code /16D} manufacture and {@code /14D} expiry dates as YYYYMMDD. A symbol ends
 * with its modulo-43 check character. Concatenated: {@code +primary/secondary[/supplementary…]C};
 * standalone secondary: {@code +secondary L C}, where the link L is the primary's check character.
 * Quantity forms ({@code $$8}, {@code $$9}) are refused: a UDI names a unit, not a count.
 */
public final class HibccUdi {
  private HibccUdi() {}

  static Udi parse(String symbol, int referenceYear) {
    String data = checked(symbol);
    if (data.startsWith("$")) {
      throw new IllegalArgumentException("'" + symbol + "' is a standalone HIBC secondary: read it with its primary (parsePair)");
    }
    int slash = data.indexOf('/');
    String primary = slash < 0 ? data : data.substring(0, slash);
    Fields fields = new Fields(primary);
    if (slash >= 0) {
      fields.read(data.substring(slash + 1), referenceYear, symbol);
    }
    return fields.udi();
  }

  /** A primary symbol and its standalone secondary, the secondary's link character matching the primary's check. */
  public static Udi parsePair(String primarySymbol, String secondarySymbol, int referenceYear) {
    String primary = checked(primarySymbol);
    if (primary.contains("/") || primary.startsWith("$")) {
      throw new IllegalArgumentException("'" + primarySymbol + "' is not standalone HIBC primary data");
    }
    String secondary = checked(secondarySymbol);
    if (!secondary.startsWith("$") || secondary.length() < 2) {
      throw new IllegalArgumentException("'" + secondarySymbol + "' is not HIBC secondary data (it starts '+$')");
    }
    char link = secondary.charAt(secondary.length() - 1);
    char primaryCheck = primarySymbol.charAt(primarySymbol.length() - 1);
    if (link != primaryCheck) {
      throw new IllegalArgumentException("the secondary's link character '" + link + "' does not match the primary's check character '"
          + primaryCheck + "': the two labels are not of one item");
    }
    Fields fields = new Fields(primary);
    fields.read(secondary.substring(0, secondary.length() - 1), referenceYear, secondarySymbol);
    return fields.udi();
  }

  /** The symbol's data between the '+' flag and the check character, once the check character is right. */
  private static String checked(String symbol) {
    // Not stripped: a space is a valid check character.
    String s = symbol == null ? "" : symbol;
    if (s.length() < 3 || s.charAt(0) != '+') {
      throw new IllegalArgumentException("an HIBC symbol starts with '+' and ends with a check character, got '" + symbol + "'");
    }
    char expected = Mod43.checkCharacter(s.substring(0, s.length() - 1));
    char found = s.charAt(s.length() - 1);
    if (found != expected) {
      throw new IllegalArgumentException("bad HIBC check character '" + found + "' in '" + s + "', expected '" + expected + "'");
    }
    return s.substring(1, s.length() - 1);
  }

  /**
   * The concatenated symbol in one canonical spelling, with its check character: lot or serial in
   * the secondary data, dates as four-digit-year supplementary fields (a date read from /14D may lie
   * outside the two-digit-year window, so $$3 could not carry it back), in FDA's example's order.
   */
  public static String concatenated(Udi udi) {
    StringBuilder out = new StringBuilder("+").append(udi.deviceIdentifier());
    if (udi.lot().isPresent()) {
      out.append("/$").append(udi.lot().get());
      udi.serial().ifPresent(s -> out.append("/S").append(s));
    } else if (udi.serial().isPresent()) {
      out.append("/$+").append(udi.serial().get());
    } else if (udi.expiry().isPresent() || udi.manufactured().isPresent()) {
      // Supplementary fields follow secondary data, so lone dates ride on an empty '$$7' (no date, no lot).
      out.append("/$$7");
    }
    udi.manufactured().ifPresent(d -> out.append("/16D").append(fourDigitYear(d)));
    udi.expiry().ifPresent(d -> out.append("/14D").append(fourDigitYear(d)));
    return out.append(Mod43.checkCharacter(out)).toString();
  }

  private static String fourDigitYear(LocalDate d) {
    return String.format(java.util.Locale.ROOT, "%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
  }

  /** What one symbol (or a primary and its secondary) says, each field at most once. */
  private static final class Fields {
    private final String deviceIdentifier;
    private Optional<String> lot = Optional.empty();
    private Optional<LocalDate> expiry = Optional.empty();
    private Optional<String> serial = Optional.empty();
    private Optional<LocalDate> manufactured = Optional.empty();

    Fields(String primary) {
      if (primary.isEmpty()) {
        throw new IllegalArgumentException("missing device identifier: the HIBC symbol has no primary data");
      }
      this.deviceIdentifier = primary;
    }

    Udi udi() {
      return new Udi(IssuingAgency.HIBCC, deviceIdentifier, lot, expiry, serial, manufactured);
    }

    void read(String afterPrimary, int referenceYear, String symbol) {
      String[] parts = afterPrimary.split("/", -1);
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i];
        if (part.startsWith("$") && i == 0) {
          secondary(part, referenceYear);
        } else if (part.startsWith("S") && i > 0) {
          serial = once(serial, nonEmpty(part.substring(1), "serial (/S)"), "serial", symbol);
        } else if (part.startsWith("16D") && i > 0) {
          manufactured = once(manufactured, yyyymmdd(part.substring(3), "manufacture date (/16D)"), "manufacture date", symbol);
        } else if (part.startsWith("14D") && i > 0) {
          expiry = once(expiry, yyyymmdd(part.substring(3), "expiry date (/14D)"), "expiry date", symbol);
        } else {
          throw new IllegalArgumentException("'" + part + "' in '" + symbol + "' is neither HIBC secondary data ('$…', first after the"
              + " primary) nor a supplementary field this ledger reads (/S, /14D, /16D)");
        }
      }
    }

    private void secondary(String part, int referenceYear) {
      boolean withDate = part.startsWith("$$");
      String rest = part.substring(withDate ? 2 : 1);
      boolean isSerial = rest.startsWith("+");
      if (isSerial) {
        rest = rest.substring(1);
      }
      if (withDate) {
        if (rest.isEmpty()) {
          throw new IllegalArgumentException("HIBC secondary '" + part + "' has no date format character after '$$'");
        }
        int length = switch (rest.charAt(0)) {
          case '0', '1' -> 4;
          case '2', '3' -> 7;
          case '4' -> 9;
          case '5' -> 6;
          case '6' -> 8;
          case '7' -> 1;
          case '8', '9' -> throw new IllegalArgumentException(
              "HIBC secondary '" + part + "' carries a quantity ($$8/$$9), which a UDI does not read");
          default -> throw new IllegalArgumentException(
              "HIBC secondary '" + part + "': '" + rest.charAt(0) + "' is not a date format (0-7)");
        };
        if (rest.length() < length) {
          throw new IllegalArgumentException("bad date in HIBC secondary '" + part + "': cut short");
        }
        expiry = hibcDate(rest.substring(0, length), part, referenceYear);
        rest = rest.substring(length);
      }
      Optional<String> value = rest.isEmpty() ? Optional.empty() : Optional.of(rest);
      if (isSerial) {
        serial = value;
      } else {
        lot = value;
      }
    }

    private static Optional<LocalDate> hibcDate(String field, String part, int referenceYear) {
      try {
        char format = field.charAt(0);
        return switch (format) {
          case '0', '1' -> Optional.of(ExpiryDate.parse(field.substring(2, 4) + field.substring(0, 2) + "00", referenceYear).date());
          case '2' -> Optional.of(ExpiryDate.parse(field.substring(5, 7) + field.substring(1, 5), referenceYear).date());
          case '3', '4' -> {
            if (format == '4' && !field.substring(7, 9).matches("[01][0-9]|2[0-3]")) {
              throw new IllegalArgumentException("hour " + field.substring(7, 9) + " does not exist");
            }
            yield Optional.of(ExpiryDate.parse(field.substring(1, 7), referenceYear).date());
          }
          case '5', '6' -> Optional.of(julian(field.substring(1, 6), referenceYear, format == '6' ? field.substring(6, 8) : "00"));
          default -> Optional.empty();
        };
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad date in HIBC secondary '" + part + "': " + e.getMessage(), e);
      }
    }

    private static LocalDate julian(String yyjjj, int referenceYear, String hour) {
      if (!yyjjj.matches("[0-9]{5}") || !hour.matches("[01][0-9]|2[0-3]")) {
        throw new IllegalArgumentException("YYJJJ[HH] must be digits and a real hour, got '" + yyjjj + hour + "'");
      }
      LocalDate january = ExpiryDate.parse(yyjjj.substring(0, 2) + "0101", referenceYear).date();
      int day = Integer.parseInt(yyjjj.substring(2));
      if (day < 1 || day > january.lengthOfYear()) {
        throw new IllegalArgumentException("day of year " + day + " does not exist in " + january.getYear());
      }
      return january.withDayOfYear(day);
    }

    private static LocalDate yyyymmdd(String s, String what) {
      if (!s.matches("[0-9]{8}")) {
        throw new IllegalArgumentException("bad " + what + ": YYYYMMDD expected, got '" + s + "'");
      }
      try {
        return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)), Integer.parseInt(s.substring(6)));
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("bad " + what + " '" + s + "': " + e.getMessage(), e);
      }
    }

    private static String nonEmpty(String s, String what) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("an empty " + what);
      }
      return s;
    }

    private static <T> Optional<T> once(Optional<T> current, T value, String what, String symbol) {
      if (current.isPresent()) {
        throw new IllegalArgumentException("'" + symbol + "' gives the " + what + " twice");
      }
      return Optional.of(value);
    }
  }
}
