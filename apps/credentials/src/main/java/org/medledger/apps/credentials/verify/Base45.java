package org.medledger.apps.credentials.verify;

import java.io.ByteArrayOutputStream;

/**
 * Base45 (RFC 9285): two bytes become three characters of the 45 a QR code's alphanumeric mode
 * holds at 5.5 bits each, so a payload costs 8.25 bits a byte in the code instead of the 8 of byte
 * mode plus the third base64 adds (10.7): the EU Digital COVID Certificate's choice, for the same
 * reason ours needs it.
 */
final class Base45 {
  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  private Base45() {}

  static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length + 1) / 2 * 3);
    for (int i = 0; i + 1 < data.length; i += 2) {
      int n = (data[i] & 0xff) * 256 + (data[i + 1] & 0xff);
      out.append(ALPHABET.charAt(n % 45)).append(ALPHABET.charAt(n / 45 % 45)).append(ALPHABET.charAt(n / 2025));
    }
    if (data.length % 2 == 1) {
      int n = data[data.length - 1] & 0xff;
      out.append(ALPHABET.charAt(n % 45)).append(ALPHABET.charAt(n / 45));
    }
    return out.toString();
  }

  /** IllegalArgumentException naming the first character or group that is not Base45. */
  static byte[] decode(String text) {
    if (text.length() % 3 == 1) {
      throw new IllegalArgumentException("Base45 text of " + text.length() + " characters: a length of 3n+1 is never valid");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 3 * 2 + 1);
    for (int i = 0; i < text.length(); i += 3) {
      int c = value(text, i);
      int d = value(text, i + 1);
      if (i + 2 < text.length()) {
        int n = c + d * 45 + value(text, i + 2) * 2025;
        if (n > 0xffff) {
          throw new IllegalArgumentException("Base45 group at character " + i + " ('" + text.substring(i, i + 3)
              + "') stands for " + n + ", past two bytes");
        }
        out.write(n >> 8);
        out.write(n & 0xff);
      } else {
        int n = c + d * 45;
        if (n > 0xff) {
          throw new IllegalArgumentException("Base45 final pair '" + text.substring(i) + "' stands for " + n + ", past one byte");
        }
        out.write(n);
      }
    }
    return out.toByteArray();
  }

  private static int value(String text, int at) {
    int v = ALPHABET.indexOf(text.charAt(at));
    if (v < 0) {
      throw new IllegalArgumentException("character " + at + " ('" + text.charAt(at) + "') is not Base45 (0-9, A-Z, space, $%*+-./:)");
    }
    return v;
  }
}
