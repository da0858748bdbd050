package org.medledger.apps.drugs.contract.gs1;

import java.util.regex.Pattern;

/** GS1 rules shared by its identifiers (GS1 General Specifications 24.0), and by the drugs contract's checks. */
public final class Gs1 {
  /** GS1 AI encodable character set 82 (§7.11, figure 7.11-1), 1 to {@code max} characters. */
  private static final Pattern CSET82 = Pattern.compile("[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]+");

  private Gs1() {}

  /**
   * The standard check digit (§7.9.1): digits from the right weighted 3, 1, 3, …, summed; the
   * check digit brings the sum to a multiple of ten.
   */
  public static int checkDigit(CharSequence digitsWithoutCheck) {
    int sum = 0;
    int weight = 3;
    for (int i = digitsWithoutCheck.length() - 1; i >= 0; i--) {
      sum += (digitsWithoutCheck.charAt(i) - '0') * weight;
      weight = 4 - weight;
    }
    return (10 - sum % 10) % 10;
  }

  public static String requireDigits(String s, int length, String what) {
    if (s == null || s.length() != length || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(what + " must be " + length + " digits, got '" + s + "'");
    }
    int expected = checkDigit(s.substring(0, length - 1));
    if (s.charAt(length - 1) - '0' != expected) {
      throw new IllegalArgumentException(what + " " + s + " has check digit " + s.charAt(length - 1) + ", expected " + expected);
    }
    return s;
  }

  public static String requireCset82(String s, int max, String what) {
    if (s == null || s.isEmpty() || s.length() > max || !CSET82.matcher(s).matches()) {
      throw new IllegalArgumentException(what + " must be 1-" + max + " characters of GS1's character set 82, got '" + s + "'");
    }
    return s;
  }
}
