package org.medledger.apps.drugs.contract.gs1;

/**
 * A Global Trade Item Number, kept in its 14-digit form (GTIN-8, -12 and -13 padded with leading
 * zeros, as GS1 element string AI (01) carries them), with its check digit verified.
 */
public record Gtin(String value) {
  public Gtin {
    Gs1.requireDigits(value, 14, "GTIN-14");
  }

  /** Parses a GTIN-8, -12, -13 or -14, naming what is wrong. */
  public static Gtin parse(String s) {
    if (s == null || !(s.length() == 8 || s.length() == 12 || s.length() == 13 || s.length() == 14)) {
      throw new IllegalArgumentException("a GTIN has 8, 12, 13 or 14 digits, got '" + s + "'");
    }
    return new Gtin("0".repeat(14 - s.length()) + s);
  }

  /** The GTIN-14 of 13 digits (indicator and company prefix and item reference) plus its check digit. */
  public static Gtin withCheckDigit(String thirteenDigits) {
    if (thirteenDigits == null || thirteenDigits.length() != 13 || !thirteenDigits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("13 digits are needed before the check digit, got '" + thirteenDigits + "'");
    }
    return new Gtin(thirteenDigits + Gs1.checkDigit(thirteenDigits));
  }

  @Override
  public String toString() {
    return value;
  }
}
