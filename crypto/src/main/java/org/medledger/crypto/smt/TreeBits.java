package org.medledger.crypto.smt;

/** Bits of a 256-bit path, most significant bit of byte 0 first. */
final class TreeBits {
  static final int DEPTH = 256;

  private TreeBits() {
  }

  static int bit(byte[] path, int index) {
    return (path[index >>> 3] >>> (7 - (index & 7))) & 1;
  }

  /** The 4 bits of {@code path} from bit {@code index} on; {@code index} is a multiple of 4. */
  static int nibble(byte[] path, int index) {
    return (path[index >>> 3] >>> (4 - (index & 4))) & 0xf;
  }

  /** Whether a and b agree on their first {@code bits} bits. */
  static boolean samePrefix(byte[] a, byte[] b, int bits) {
    int whole = bits >>> 3;
    for (int i = 0; i < whole; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = bits & 7;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[whole] & mask) == (b[whole] & mask);
  }
}
