package org.medledger.crypto;

/** Incremental hashing; {@link #digest()} returns the hash and resets the hasher. */
public interface Hasher {
  Hasher update(byte b);

  Hasher update(byte[] data);

  Hasher update(byte[] data, int offset, int length);

  byte[] digest();
}
