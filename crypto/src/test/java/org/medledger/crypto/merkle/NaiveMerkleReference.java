package org.medledger.crypto.merkle;

import java.util.ArrayList;
import java.util.List;

/** RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 transcribed literally over an in-memory list of leaves. */
final class NaiveMerkleReference {
  private final MerkleHasher h;

  NaiveMerkleReference(MerkleHasher h) {
    this.h = h;
  }

  byte[] mth(List<byte[]> d) {
    int n = d.size();
    if (n == 0) {
      return h.emptyRoot();
    }
    if (n == 1) {
      return h.leafHash(d.get(0));
    }
    int k = k(n);
    return h.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, n)));
  }

  List<byte[]> path(int m, List<byte[]> d) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (n == 1) {
      return out;
    }
    int k = k(n);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(path(m - k, d.subList(k, n)));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  List<byte[]> proof(int m, List<byte[]> d) {
    return subproof(m, d, true);
  }

  List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = k(n);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  /** The largest power of two smaller than n. */
  static int k(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }
}
