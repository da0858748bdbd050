package org.medledger.apps.safety.contract;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;
import org.medledger.apps.drugs.contract.gs1.Gs1;
import org.medledger.apps.drugs.contract.gs1.Gtin;

/**
 * A device's Unique Device Identifier as its label carries it: the device identifier (a GTIN-14
 * for GS1; labeler code, product number and unit of measure for HIBCC) and the production
 * identifiers present (lot, expiry, serial, manufacture date). Dates are whole days: an HIBC
 * expiry hour is not kept.
 */
public record Udi(IssuingAgency agency, String deviceIdentifier, Optional<String> lot, Optional<LocalDate> expiry,
    Optional<String> serial, Optional<LocalDate> manufactured) {

  /** ANSI/HIBC 2.x primary data: a 4-character labeler code starting with a letter, 1-18 product characters, a unit-of-measure digit. */
  static final Pattern HIBC_PRIMARY = Pattern.compile("[A-Z][A-Z0-9]{3}[A-Z0-9]{1,18}[0-9]");
  static final Pattern HIBC_FIELD = Pattern.compile("[A-Z0-9]{1,18}");

  public Udi {
    if (agency == null || deviceIdentifier == null || lot == null || expiry == null || serial == null || manufactured == null) {
      throw new IllegalArgumentException("a UDI names its agency and device identifier; absent production identifiers are empty, not null");
    }
    if (agency == IssuingAgency.GS1) {
      new Gtin(deviceIdentifier);
      lot.ifPresent(l -> Gs1.requireCset82(l, 20, "a GS1 lot (AI 10)"));
      serial.ifPresent(s -> Gs1.requireCset82(s, 20, "a GS1 serial (AI 21)"));
    } else {
      if (!HIBC_PRIMARY.matcher(deviceIdentifier).matches()) {
        throw new IllegalArgumentException("an HIBC device identifier is a labeler code (letter + 3 of A-Z0-9), 1-18 product"
            + " characters and a unit-of-measure digit, got '" + deviceIdentifier + "'");
      }
      lot.ifPresent(l -> requireHibcField(l, "lot"));
      serial.ifPresent(s -> requireHibcField(s, "serial"));
    }
  }

  private static void requireHibcField(String value, String what) {
    if (!HIBC_FIELD.matcher(value).matches()) {
      throw new IllegalArgumentException("an HIBC " + what + " is 1-18 of A-Z0-9, got '" + value + "'");
    }
  }

  /**
   * Reads a UDI from a label or a scan: HIBCC when it starts with '+', otherwise a GS1 element
   * string (bracketed or with FNC1/GS separators). Two-digit years fall in the century around
   * {@code referenceYear} (the block's year, never the wall clock).
   */
  public static Udi parse(String code, int referenceYear) {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("a UDI is needed, got nothing");
    }
    // Only leading blanks go: an HIBC check character may itself be a space (Mod 43 value 38).
    String s = code.stripLeading();
    if (s.startsWith("=")) {
      throw new IllegalArgumentException("'" + s + "' starts with '=', an ICCBBA ISBT 128 data identifier, not HIBCC: ISBT 128 UDIs are not"
          + " read yet (GS1, or HIBCC starting with '+')");
    }
    return s.startsWith("+") ? HibccUdi.parse(s, referenceYear) : Gs1Udi.parse(s.strip(), referenceYear);
  }

  /** The human-readable form: GS1 bracketed AIs, or the HIBC concatenated symbol with its check character. */
  public String render() {
    return agency == IssuingAgency.GS1 ? Gs1Udi.bracketed(this) : HibccUdi.concatenated(this);
  }
}
