package org.medledger.crypto.smt;

import java.util.List;
import java.util.Map;

/**
 * What applying one version's changes produces: the new root, the nodes to store (in one atomic
 * write with the block) and the nodes that stopped being part of the newest tree at this version
 * (still needed by older versions until they are pruned).
 */
public record TreeUpdate(long version, TreeRoot root, Map<NodeKey, TreeNode> newNodes, List<NodeKey> staleNodes) {
  public TreeUpdate {
    newNodes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(newNodes));
    staleNodes = List.copyOf(staleNodes);
  }
}
