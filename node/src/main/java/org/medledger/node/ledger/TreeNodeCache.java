package org.medledger.node.ledger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.medledger.crypto.smt.NodeKey;
import org.medledger.crypto.smt.TreeNode;
import org.medledger.crypto.smt.TreeNodeReader;
import org.medledger.crypto.smt.TreeUpdate;

/**
 * The state tree's internal nodes most recently read or committed, decoded. Every block rewrites
 * the tree's upper levels and reads them again for the next block: from RocksDB, those reads (a
 * native call and a decode each) were three quarters of the time a block's tree update took.
 * A stored node never changes (its key holds the height that wrote it), so a cached copy is never
 * stale; only committed nodes enter, never those of a proposal that may still lose its round.
 * Leaves are left out: they carry values of any size, and an update reads only the few it moves.
 */
public final class TreeNodeCache implements TreeNodeReader {
  private final TreeNodeReader store;
  private final Map<NodeKey, TreeNode> nodes;

  public TreeNodeCache(TreeNodeReader store, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("tree node cache capacity must not be negative");
    }
    this.store = store;
    this.nodes = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<NodeKey, TreeNode> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public Optional<TreeNode> node(NodeKey key) {
    synchronized (nodes) {
      TreeNode cached = nodes.get(key);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<TreeNode> read = store.node(key);
    if (read.isPresent() && read.get() instanceof TreeNode.Internal) {
      synchronized (nodes) {
        nodes.put(key, read.get());
      }
    }
    return read;
  }

  /**
   * Takes in a committed block's new internal nodes and drops those it replaced: only proofs at
   * older heights read those again, and kept they would crowd out the newest tree.
   */
  public void committed(TreeUpdate update) {
    synchronized (nodes) {
      for (NodeKey stale : update.staleNodes()) {
        nodes.remove(stale);
      }
      for (TreeUpdate.StoredNode n : update.newNodes()) {
        if (n.node() instanceof TreeNode.Internal) {
          nodes.put(n.key(), n.node());
        }
      }
    }
  }

  int size() {
    synchronized (nodes) {
      return nodes.size();
    }
  }
}
