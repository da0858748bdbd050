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
    byte[] buf = new byte[1 + leaf.length];
    System.arraycopy(leaf, 0, buf, 1, leaf.length);
    return hash.hash(buf);
  }

  /** HASH(0x01 || left || right). */
  public byte[] nodeHash(byte[] left, byte[] right) {
    byte[] buf = new byte[1 + left.length + right.length];
    buf[0] = 0x01;
    System.arraycopy(left, 0, buf, 1, left.length);
    System.arraycopy(right, 0, buf, 1 + left.length, right.length);
    return hash.hash(buf);
  }

  /** MTH({}) = HASH(). */
  public byte[] emptyRoot() {
    return emptyRoot.clone();
  }
}
