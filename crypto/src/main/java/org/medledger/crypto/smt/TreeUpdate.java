package org.medledger.crypto.smt;

import java.util.List;

/**
 * What applying one version's changes produces: the new root, the nodes to store (in one atomic
 * write with the block) and the nodes that stopped being part of the newest tree at this version
 * (still needed by older versions until they are pruned).
 */
public record TreeUpdate(long version, TreeRoot root, List<StoredNode> newNodes, List<NodeKey> staleNodes) {
  public TreeUpdate {
    newNodes = java.util.Collections.unmodifiableList(newNodes);
    staleNodes = java.util.Collections.unmodifiableList(staleNodes);
  }

  /** A node and where it goes. */
  public record StoredNode(NodeKey key, TreeNode node) {
  }
}
