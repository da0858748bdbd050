package org.medledger.apps.safety.contract;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.medledger.apps.drugs.contract.gs1.ElementString;
import org.medledger.apps.drugs.contract.gs1.ExpiryDate;
import org.medledger.apps.drugs.contract.gs1.Gtin;

/**
 * GS1 UDIs: the element string the drugs application already reads ({@link ElementString}), with
 * the device's AIs (01) DI, (11) manufacture date, (17) expiry, (10) lot, (21) serial.
 */
public final class Gs1Udi {
  private static final char GS = 29;

  private Gs1Udi() {}

  static Udi parse(String code, int referenceYear) {
    Map<String, String> ais = ElementString.fields(code);
    if (!ais.containsKey("01")) {
      throw new IllegalArgumentException("missing device identifier: a GS1 UDI holds AI (01), got '" + code + "'");
    }
    return new Udi(IssuingAgency.GS1, Gtin.parse(ais.get("01")).value(), Optional.ofNullable(ais.get("10")),
        date(ais.get("17"), "expiry date (AI 17)", referenceYear), Optional.ofNullable(ais.get("21")),
        date(ais.get("11"), "manufacture date (AI 11)", referenceYear));
  }

  private static Optional<LocalDate> date(String yymmdd, String what, int referenceYear) {
    if (yymmdd == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ExpiryDate.parse(yymmdd, referenceYear).date());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad " + what + " '" + yymmdd + "': " + e.getMessage(), e);
    }
  }

  /** {@code (01)…(11)…(17)…(10)…(21)…}, the order FDA's GUDID examples print. */
  public static String bracketed(Udi udi) {
    StringBuilder out = new StringBuilder("(01)").append(udi.deviceIdentifier());
    udi.manufactured().ifPresent(d -> out.append("(11)").append(yymmdd(d)));
    udi.expiry().ifPresent(d -> out.append("(17)").append(yymmdd(d)));
    udi.lot().ifPresent(l -> out.append("(10)").append(l));
    udi.serial().ifPresent(s -> out.append("(21)").append(s));
    return out.toString();
  }

  /** The element string a DataMatrix carries: fixed-length AIs first, a GS ending the lot when a serial follows. */
  public static String elementString(Udi udi) {
    StringBuilder out = new StringBuilder("01").append(udi.deviceIdentifier());
    udi.manufactured().ifPresent(d -> out.append("11").append(yymmdd(d)));
    udi.expiry().ifPresent(d -> out.append("17").append(yymmdd(d)));
    udi.lot().ifPresent(l -> out.append("10").append(l));
    if (udi.lot().isPresent() && udi.serial().isPresent()) {
      out.append(GS);
    }
    udi.serial().ifPresent(s -> out.append("21").append(s));
    return out.toString();
  }

  static String yymmdd(LocalDate d) {
    return String.format(java.util.Locale.ROOT, "%02d%02d%02d", d.getYear() % 100, d.getMonthValue(), d.getDayOfMonth());
  }
}
