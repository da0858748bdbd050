package org.medledger.apps.safety.contract;

/**
 * The HIBC modulo-43 check character (ANSI/HIBC 2.x, appendix on the check character): each
 * character's value in the Code 39 set (0-9, A-Z, then '-', '.', space, '$', '/', '+', '%' as 36 to
 * 42), summed from the leading '+' flag, modulo 43. A plain sum, so any single changed character
 * changes the check.
 */
public final class Mod43 {
  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";

  private Mod43() {}

  public static char checkCharacter(CharSequence data) {
    int sum = 0;
    for (int i = 0; i < data.length(); i++) {
      int value = ALPHABET.indexOf(data.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException("HIBC data may only hold 0-9, A-Z, '-', '.', space, '$', '/', '+', '%':"
            + " '" + data.charAt(i) + "' at position " + i + " of '" + data + "'");
      }
      sum += value;
    }
    return ALPHABET.charAt(sum % 43);
  }
}
