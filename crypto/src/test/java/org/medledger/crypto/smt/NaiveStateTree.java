package org.medledger.crypto.smt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/** The root straight from the definition: recursion over the whole key set, no storage. */
final class NaiveStateTree {
  private final HashFunction hash;
  private final SparseMerkleTree tree;

  NaiveStateTree(HashFunction hash) {
    this.hash = hash;
    this.tree = new SparseMerkleTree(hash);
  }

  Hash root(Map<String, String> state) {
    List<byte[][]> leaves = new ArrayList<>();
    state.forEach((k, v) -> leaves.add(new byte[][] {hash.hash(k.getBytes()), hash.hash(v.getBytes())}));
    leaves.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    return subtree(leaves, 0);
  }

  private Hash subtree(List<byte[][]> leaves, int depth) {
    if (leaves.isEmpty()) {
      return Hash.ZERO;
    }
    if (leaves.size() == 1) {
      return tree.leafHash(Hash.of(leaves.get(0)[0]), Hash.of(leaves.get(0)[1]));
    }
    List<byte[][]> left = new ArrayList<>();
    List<byte[][]> right = new ArrayList<>();
    for (byte[][] l : leaves) {
      (TreeBits.bit(l[0], depth) == 0 ? left : right).add(l);
    }
    return tree.internalHash(subtree(left, depth + 1), subtree(right, depth + 1));
  }
}
