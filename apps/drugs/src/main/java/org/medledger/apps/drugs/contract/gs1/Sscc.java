package org.medledger.apps.drugs.contract.gs1;

/** A Serial Shipping Container Code (AI 00): 18 digits with check digit, naming a case or pallet. */
public record Sscc(String value) {
  public Sscc {
    Gs1.requireDigits(value, 18, "SSCC");
  }

  public static Sscc withCheckDigit(String seventeenDigits) {
    if (seventeenDigits == null || seventeenDigits.length() != 17 || !seventeenDigits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("17 digits are needed before the check digit, got '" + seventeenDigits + "'");
    }
    return new Sscc(seventeenDigits + Gs1.checkDigit(seventeenDigits));
  }

  @Override
  public String toString() {
    return value;
  }
}
