package org.medledger.vault;

/**
 * Arithmetic in GF(2^8) with the reducing polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and
 * generator 2, the field of most Reed-Solomon codes. Addition is XOR; multiplication goes through
 * a full 256 × 256 product table (64 KiB), which the encoder's inner loop indexes by row.
 */
final class GaloisField {
  static final int ORDER = 256;
  private static final int POLYNOMIAL = 0x11D;
  private static final int[] EXP = new int[2 * ORDER];
  private static final int[] LOG = new int[ORDER];
  /** {@code PRODUCT[a][b] = a · b}. */
  static final byte[][] PRODUCT = new byte[ORDER][ORDER];

  static {
    int x = 1;
    for (int i = 0; i < ORDER - 1; i++) {
      EXP[i] = x;
      LOG[x] = i;
      x <<= 1;
      if (x >= ORDER) {
        x ^= POLYNOMIAL;
      }
    }
    for (int i = ORDER - 1; i < EXP.length; i++) {
      EXP[i] = EXP[i - (ORDER - 1)];
    }
    for (int a = 0; a < ORDER; a++) {
      for (int b = 0; b < ORDER; b++) {
        PRODUCT[a][b] = (byte) multiply(a, b);
      }
    }
  }

  private GaloisField() {
  }

  static int multiply(int a, int b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return EXP[LOG[a] + LOG[b]];
  }

  static int inverse(int a) {
    if (a == 0) {
      throw new ArithmeticException("0 has no inverse in GF(256)");
    }
    return EXP[(ORDER - 1) - LOG[a]];
  }

  static int power(int a, int n) {
    if (n == 0) {
      return 1;
    }
    if (a == 0) {
      return 0;
    }
    return EXP[(LOG[a] * n) % (ORDER - 1)];
  }
}
