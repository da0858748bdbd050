package org.medledger.storage;

/** Fixed-width big-endian keys, so byte order is numeric order. */
final class Keys {
  private Keys() {}

  static byte[] height(long h) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (h >>> (56 - 8 * i));
    }
    return b;
  }

  static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFFL);
    }
    return v;
  }

  static int readInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
  }

  static byte[] logNode(int level, long index) {
    byte[] b = new byte[9];
    b[0] = (byte) level;
    System.arraycopy(height(index), 0, b, 1, 8);
    return b;
  }

  /** Transaction record: u64 height, u32 index, then the encoded transaction. */
  static byte[] txRecord(long height, int index, byte[] bytes) {
    byte[] b = new byte[12 + bytes.length];
    System.arraycopy(height(height), 0, b, 0, 8);
    b[8] = (byte) (index >>> 24);
    b[9] = (byte) (index >>> 16);
    b[10] = (byte) (index >>> 8);
    b[11] = (byte) index;
    System.arraycopy(bytes, 0, b, 12, bytes.length);
    return b;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
