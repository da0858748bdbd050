package org.medledger.crypto.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1 (PROOF, SUBPROOF) over a persisted log. Every subtree
 * the algorithms ask for is either complete (one stored node) or on the tree's right edge
 * (composed from at most log n complete ones), so a proof costs O(log n) reads and hashes.
 */
public final class MerkleProofs {
  private MerkleProofs() {}

  /** MTH(D[start:end]) from stored nodes. */
  static byte[] subtreeHash(MerkleHasher h, long start, long end, LogNodeReader reader) {
    long n = end - start;
    if (n == 1) {
      return reader.node(0, start);
    }
    if (Long.bitCount(n) == 1 && start % n == 0) {
      return reader.node(Long.numberOfTrailingZeros(n), start / n);
    }
    long k = largestPowerOfTwoBelow(n);
    return h.nodeHash(subtreeHash(h, start, start + k, reader), subtreeHash(h, start + k, end, reader));
  }

  /** The largest power of two strictly less than n (n ≥ 2). */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** Root of the log when it had {@code size} leaves. */
  public static byte[] rootAt(MerkleHasher h, long size, LogNodeReader reader) {
    return size == 0 ? h.emptyRoot() : subtreeHash(h, 0, size, reader);
  }

  /** MTH over leaf hashes held in memory (a block's transaction root). */
  public static byte[] rootOf(MerkleHasher h, List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      return h.emptyRoot();
    }
    return rootOf(h, leafHashes, 0, leafHashes.size());
  }

  private static byte[] rootOf(MerkleHasher h, List<byte[]> leafHashes, int start, int end) {
    if (end - start == 1) {
      return leafHashes.get(start);
    }
    int k = (int) largestPowerOfTwoBelow(end - start);
    return h.nodeHash(rootOf(h, leafHashes, start, start + k), rootOf(h, leafHashes, start + k, end));
  }

  /** The audit path of leaf {@code leafIndex} in the tree of {@code treeSize} leaves, leaf to root. */
  public static List<byte[]> inclusionProof(MerkleHasher h, long leafIndex, long treeSize, LogNodeReader reader) {
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new ProofException("leaf index " + leafIndex + " is outside a tree of size " + treeSize);
    }
    List<byte[]> out = new ArrayList<>(64);
    path(h, leafIndex, 0, treeSize, reader, out);
    return out;
  }

  private static void path(MerkleHasher h, long m, long start, long end, LogNodeReader r, List<byte[]> out) {
    long n = end - start;
    if (n <= 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m - start < k) {
      path(h, m, start, start + k, r, out);
      out.add(subtreeHash(h, start + k, end, r));
    } else {
      path(h, m, start + k, end, r, out);
      out.add(subtreeHash(h, start, start + k, r));
    }
  }

  /** PROOF(m, D[n]): empty when m is 0 or m equals n. */
  public static List<byte[]> consistencyProof(MerkleHasher h, long oldSize, long newSize, LogNodeReader reader) {
    if (oldSize < 0 || newSize < oldSize) {
      throw new ProofException("need 0 <= old size <= new size, got " + oldSize + " and " + newSize);
    }
    List<byte[]> out = new ArrayList<>(64);
    if (oldSize == 0 || oldSize == newSize) {
      return out;
    }
    subproof(h, oldSize, 0, newSize, true, reader, out);
    return out;
  }

  private static void subproof(MerkleHasher h, long m, long start, long end, boolean b, LogNodeReader r, List<byte[]> out) {
    long n = end - start;
    if (m == n) {
      if (!b) {
        out.add(subtreeHash(h, start, end, r));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(h, m, start, start + k, b, r, out);
      out.add(subtreeHash(h, start + k, end, r));
    } else {
      subproof(h, m - k, start + k, end, false, r, out);
      out.add(subtreeHash(h, start, start + k, r));
    }
  }
}
