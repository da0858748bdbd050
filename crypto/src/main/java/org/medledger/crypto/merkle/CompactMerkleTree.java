package org.medledger.crypto.merkle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of an append-only RFC 9162 tree: the roots of its perfect subtrees, one per set
 * bit of the size, largest first (Trillian's "compact range"). Appending returns every subtree
 * the new leaf completes, so the caller can persist them in the same atomic write as the block;
 * the root of the whole tree folds the edge from the right.
 */
public final class CompactMerkleTree {
  private final MerkleHasher hasher;
  private long size;
  private final ArrayList<byte[]> frontier;

  public CompactMerkleTree(MerkleHasher hasher) {
    this(hasher, 0, new ArrayList<>());
  }

  private CompactMerkleTree(MerkleHasher hasher, long size, ArrayList<byte[]> frontier) {
    this.hasher = hasher;
    this.size = size;
    this.frontier = frontier;
  }

  public long size() {
    return size;
  }

  public CompactMerkleTree copy() {
    ArrayList<byte[]> f = new ArrayList<>(frontier.size());
    frontier.forEach(h -> f.add(h.clone()));
    return new CompactMerkleTree(hasher, size, f);
  }

  /** Appends a leaf hash; returns the leaf node and each parent it completed, lowest first. */
  public List<LogNode> append(byte[] leafHash) {
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("log is full");
    }
    List<LogNode> completed = new ArrayList<>(4);
    long index = size;
    byte[] h = leafHash.clone();
    completed.add(new LogNode(0, index, h));
    int level = 0;
    while (((size >>> level) & 1) == 1) {
      byte[] left = frontier.remove(frontier.size() - 1);
      h = hasher.nodeHash(left, h);
      level++;
      index >>>= 1;
      completed.add(new LogNode(level, index, h));
    }
    frontier.add(h);
    size++;
    return completed;
  }

  /** MTH of all leaves appended so far (RFC 9162 §2.1.1). */
  public byte[] rootHash() {
    if (size == 0) {
      return hasher.emptyRoot();
    }
    byte[] r = frontier.get(frontier.size() - 1);
    for (int i = frontier.size() - 2; i >= 0; i--) {
      r = hasher.nodeHash(frontier.get(i), r);
    }
    return r.clone();
  }

  /** Rebuilds the edge of a tree of {@code size} leaves from stored nodes (O(log n) reads). */
  public static CompactMerkleTree fromStore(MerkleHasher hasher, long size, LogNodeReader reader) {
    ArrayList<byte[]> f = new ArrayList<>();
    long start = 0;
    for (int level = 63; level >= 0; level--) {
      if (((size >>> level) & 1) == 1) {
        f.add(reader.node(level, start >>> level));
        start += 1L << level;
      }
    }
    return new CompactMerkleTree(hasher, size, f);
  }

  /** u64 size, then each edge hash (count = bits set in size, length = the hash's). */
  public byte[] encode() {
    int len = hasher.hashFunction().digestLength();
    ByteBuffer b = ByteBuffer.allocate(8 + frontier.size() * len);
    b.putLong(size);
    frontier.forEach(b::put);
    return b.array();
  }

  public static CompactMerkleTree decode(MerkleHasher hasher, byte[] bytes) {
    int len = hasher.hashFunction().digestLength();
    if (bytes == null || bytes.length < 8) {
      throw new IllegalArgumentException("compact tree: fewer than 8 bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long size = b.getLong();
    if (size < 0) {
      throw new IllegalArgumentException("compact tree: negative size");
    }
    int count = Long.bitCount(size);
    if (bytes.length != 8 + count * len) {
      throw new IllegalArgumentException("compact tree: size " + size + " needs " + count + " hashes of " + len
          + " bytes, got " + (bytes.length - 8) + " bytes");
    }
    ArrayList<byte[]> f = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] h = new byte[len];
      b.get(h);
      f.add(h);
    }
    return new CompactMerkleTree(hasher, size, f);
  }
}
