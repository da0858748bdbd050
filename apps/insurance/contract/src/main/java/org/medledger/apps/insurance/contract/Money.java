package org.medledger.apps.insurance.contract;

import java.util.regex.Pattern;
import org.medledger.core.runtime.ContractException;

/**
 * Money rules: every amount is a {@code long} of minor units (cents, fen) of one ISO 4217
 * currency, never a floating-point number, and every sum and product is overflow-checked, so an
 * amount that cannot be held is refused instead of wrapping to another number.
 */
public final class Money {
  /** An ISO 4217 alphabetic code's shape: three upper-case letters (which codes exist is the insurer's word). */
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  /** Coinsurance and shares are in basis points: 10,000 is the whole amount. */
  public static final int WHOLE_BPS = 10_000;

  private Money() {}

  static String currency(String code, String field) throws ContractException {
    if (code == null || !CURRENCY.matcher(code).matches()) {
      throw new ContractException("invalid_argument", field + ": an ISO 4217 currency code is three upper-case letters, not '"
          + code + "'");
    }
    return code;
  }

  /** An amount that may not be negative. */
  static long nonNegative(long amount, String field) throws ContractException {
    if (amount < 0) {
      throw new ContractException("invalid_amount", field + " is negative (" + amount + "): amounts are minor units from 0");
    }
    return amount;
  }

  /** A decimal amount of minor units from an argument's text. */
  static long parse(String text, String field) throws ContractException {
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ContractException("invalid_amount", field + " must be a whole number of minor units, not '" + text + "'");
    }
    return nonNegative(v, field);
  }

  static long add(long a, long b, String what) throws ContractException {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new ContractException("amount_overflow", what + " overflows (" + a + " + " + b + " minor units)");
    }
  }

  static long times(long amount, long count, String what) throws ContractException {
    try {
      return Math.multiplyExact(amount, count);
    } catch (ArithmeticException e) {
      throw new ContractException("amount_overflow", what + " overflows (" + count + " × " + amount + " minor units)");
    }
  }

  /**
   * {@code amount × bps / 10,000}, rounded down, without an intermediate product that could
   * overflow: the whole ten-thousands and the remainder are shared apart.
   */
  public static long share(long amount, int bps) {
    return (amount / WHOLE_BPS) * bps + (amount % WHOLE_BPS) * bps / WHOLE_BPS;
  }
}
