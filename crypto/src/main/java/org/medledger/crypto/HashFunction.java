package org.medledger.crypto;

/** A collision-resistant hash, chosen once per network by its suite (SHA-256 or SM3). Thread-safe. */
public interface HashFunction {
  /** The algorithm's standard name: {@code SHA-256} or {@code SM3}, as receipts print it. */
  String algorithm();

  /** Digest length in bytes (32 for both suites). */
  int digestLength();

  byte[] hash(byte[] data);

  byte[] hash(byte[] data, int offset, int length);

  /** An incremental hasher for data that arrives in pieces; not thread-safe, one per use. */
  Hasher newHasher();
}
