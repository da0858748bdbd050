package org.medledger.apps.credentials.vc;

import java.math.BigInteger;

/**
 * Multibase base58btc (the Bitcoin alphabet, prefix {@code z}), the encoding Data Integrity
 * proofs carry their {@code proofValue} in (W3C vc-data-integrity §2.4, Multibase).
 */
public final class Base58Btc {
  private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final BigInteger BASE = BigInteger.valueOf(58);

  private Base58Btc() {}

  /** {@code z} followed by the base58btc digits of {@code bytes}; each leading zero byte is a '1'. */
  public static String multibase(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    BigInteger n = new BigInteger(1, bytes);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(BASE);
      sb.append(ALPHABET.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
      sb.append('1');
    }
    return "z" + sb.reverse();
  }

  /** The bytes of a multibase base58btc string; IllegalArgumentException naming what is wrong. */
  public static byte[] decodeMultibase(String text) {
    if (text == null || text.length() < 2 || text.charAt(0) != 'z') {
      throw new IllegalArgumentException("not a multibase base58btc value (it must start with 'z')");
    }
    if (text.length() > 512) {
      throw new IllegalArgumentException("multibase value longer than 512 characters");
    }
    BigInteger n = BigInteger.ZERO;
    int zeros = 0;
    boolean leading = true;
    for (int i = 1; i < text.length(); i++) {
      int digit = ALPHABET.indexOf(text.charAt(i));
      if (digit < 0) {
        throw new IllegalArgumentException("'" + text.charAt(i) + "' is not a base58btc digit");
      }
      if (leading && digit == 0) {
        zeros++;
      } else {
        leading = false;
      }
      n = n.multiply(BASE).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
    int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
    byte[] out = new byte[zeros + magnitude.length - skip];
    System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
    return out;
  }
}
