package org.medledger.crypto.smt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tree store in memory, with the stale-node pruning a RocksDB store does. Keeping nodes decoded
 * hands out the very objects written, as the ledger's node cache does (with what they remember of
 * their hashes); otherwise every read decodes afresh, as from RocksDB.
 */
final class InMemoryTreeNodes implements TreeNodeReader {
  final Map<NodeKey, byte[]> nodes = new HashMap<>();
  private final Map<NodeKey, TreeNode> decoded = new HashMap<>();
  private final boolean keepDecoded;
  final TreeMap<Long, TreeRoot> roots = new TreeMap<>();
  final TreeMap<Long, List<NodeKey>> staleSince = new TreeMap<>();

  InMemoryTreeNodes() {
    this(false);
  }

  InMemoryTreeNodes(boolean keepDecoded) {
    this.keepDecoded = keepDecoded;
  }

  @Override
  public Optional<TreeNode> node(NodeKey key) {
    if (keepDecoded && decoded.containsKey(key)) {
      return Optional.of(decoded.get(key));
    }
    byte[] b = nodes.get(key);
    return b == null ? Optional.empty() : Optional.of(TreeNode.decode(b));
  }

  TreeRoot latest() {
    return roots.isEmpty() ? TreeRoot.EMPTY : roots.lastEntry().getValue();
  }

  void apply(TreeUpdate u) {
    u.newNodes().forEach(n -> {
      if (nodes.put(n.key(), n.node().encode()) != null) {
        throw new AssertionError("node " + n.key() + " written twice");
      }
      if (keepDecoded) {
        decoded.put(n.key(), n.node());
      }
    });
    roots.put(u.version(), u.root());
    staleSince.computeIfAbsent(u.version(), v -> new ArrayList<>()).addAll(u.staleNodes());
  }

  /** Drops the nodes only versions below {@code oldestKept} need. */
  void prune(long oldestKept) {
    var due = staleSince.headMap(oldestKept, true);
    due.values().forEach(keys -> keys.forEach(k -> {
      decoded.remove(k);
      if (nodes.remove(k) == null) {
        throw new AssertionError("stale node " + k + " was not stored");
      }
    }));
    due.clear();
    roots.headMap(oldestKept).clear();
  }
}
