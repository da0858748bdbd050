package org.medledger.crypto.merkle;

import org.medledger.crypto.HashFunction;

/** RFC 9162 §2.1.1 hashing with domain separation between leaves and interior nodes. */
public final class MerkleHasher {
  private final HashFunction hash;
  private final byte[] emptyRoot;

  public MerkleHasher(HashFunction hash) {
    this.hash = hash;
    this.emptyRoot = hash.hash(new byte[0]);
  }

  public HashFunction hashFunction() {
    return hash;
  }

  /** MTH({d}) = HASH(0x00 || d). */
  public byte[] leafHash(byte[] leaf) {
    return hash.newHasher().update((byte) 0x00).update(leaf).digest();
  }

  /** HASH(0x01 || left || right). */
  public byte[] nodeHash(byte[] left, byte[] right) {
    return hash.newHasher().update((byte) 0x01).update(left).update(right).digest();
  }

  /** MTH({}) = HASH(). */
  public byte[] emptyRoot() {
    return emptyRoot.clone();
  }
}
