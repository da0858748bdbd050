package org.medledger.crypto.smt;

import java.util.Optional;

/** Reads stored tree nodes (RocksDB on a node, a map in tests). */
@FunctionalInterface
public interface TreeNodeReader {
  /** The node stored at {@code key}, or empty if there is none (never written, or pruned). */
  Optional<TreeNode> node(NodeKey key);
}
