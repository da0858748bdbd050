package org.medledger.crypto.merkle;

import java.util.ArrayList;
import java.util.List;

/** All complete-subtree hashes of a log, in memory: for tests, benchmarks and small logs. */
public final class InMemoryLogNodes implements LogNodeReader {
  private final List<List<byte[]>> levels = new ArrayList<>();
  private final CompactMerkleTree tree;

  public InMemoryLogNodes(MerkleHasher hasher) {
    this.tree = new CompactMerkleTree(hasher);
  }

  public void appendLeafHash(byte[] leafHash) {
    for (LogNode n : tree.append(leafHash)) {
      while (levels.size() <= n.level()) {
        levels.add(new ArrayList<>());
      }
      levels.get(n.level()).add(n.hash());
    }
  }

  public long size() {
    return tree.size();
  }

  public byte[] rootHash() {
    return tree.rootHash();
  }

  @Override
  public byte[] node(int level, long index) {
    if (level >= levels.size() || index >= levels.get(level).size()) {
      throw new IllegalArgumentException("no complete subtree at level " + level + " index " + index);
    }
    return levels.get(level).get((int) index);
  }
}
