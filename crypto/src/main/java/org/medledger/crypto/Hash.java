package org.medledger.crypto;

import java.util.Arrays;

/**
 * A 32-byte digest used as an identity (transaction id, block hash, certificate id). Immutable;
 * compares by content and orders by unsigned bytes so sorted collections are platform-independent.
 */
public final class Hash implements Comparable<Hash> {
  public static final int LENGTH = 32;
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Hash of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a hash is " + LENGTH + " bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    return new Hash(bytes.clone());
  }

  /**
   * A hash over {@code bytes} without the defensive copy, for a fresh digest the caller hands
   * over and never touches again (hot paths such as the state tree's node hashes).
   */
  public static Hash adopt(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash is " + LENGTH + " bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    return new Hash(bytes);
  }

  public static Hash fromHex(String hex) {
    byte[] b = Hex.decode(hex);
    if (b.length != LENGTH) {
      throw new IllegalArgumentException("a hash is " + (2 * LENGTH) + " hex characters, got " + hex.length());
    }
    return new Hash(b);
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The internal array, for hot paths that promise not to modify it. */
  public byte[] unsafeBytes() {
    return bytes;
  }

  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    // The bytes are already uniformly distributed: the first four make a good hash code, with no
    // pass over all 32 (ids fill hash sets of every pending and committed transaction).
    return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
  }

  @Override
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
