package org.medledger.core.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the canonical encoding of docs/format.md: big-endian fixed-width integers, byte strings
 * and UTF-8 strings prefixed by a 4-byte length. There is exactly one encoding of every value, so
 * equal values hash equally on every node and platform.
 */
public final class CanonicalWriter {
  private byte[] buf;
  private int size;

  public CanonicalWriter() {
    this(256);
  }

  public CanonicalWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public CanonicalWriter u8(int v) {
    if (v < 0 || v > 0xFF) {
      throw new IllegalArgumentException("u8 out of range: " + v);
    }
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public CanonicalWriter bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  public CanonicalWriter u32(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public CanonicalWriter u64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
    return this;
  }

  /** Exactly {@code length} raw bytes with no prefix (fixed-size fields such as hashes). */
  public CanonicalWriter fixed(byte[] v, int length) {
    if (v.length != length) {
      throw new IllegalArgumentException("expected " + length + " bytes, got " + v.length);
    }
    ensure(length);
    System.arraycopy(v, 0, buf, size, length);
    size += length;
    return this;
  }

  public CanonicalWriter bytes(byte[] v) {
    u32(v.length);
    ensure(v.length);
    System.arraycopy(v, 0, buf, size, v.length);
    size += v.length;
    return this;
  }

  public CanonicalWriter string(String v) {
    return bytes(v.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends already-canonical bytes verbatim (a nested structure's encoding). */
  public CanonicalWriter raw(byte[] v) {
    ensure(v.length);
    System.arraycopy(v, 0, buf, size, v.length);
    size += v.length;
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
