package org.medledger.core.state;

import java.util.LinkedHashMap;
import java.util.Map;
import org.medledger.core.runtime.WriteSet;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.smt.SparseMerkleTree;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeNodeReader;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;

/**
 * The state root is the root of the sparse Merkle tree over every state key (contracts' and the
 * system's alike), so any key's value or absence at any retained height is provable against that
 * height's header alone.
 */
public final class SparseMerkleStateCommitment implements StateCommitment {
  private final SparseMerkleTree tree;

  public SparseMerkleStateCommitment(HashFunction hash) {
    this.tree = new SparseMerkleTree(hash);
  }

  public SparseMerkleTree tree() {
    return tree;
  }

  @Override
  public TreeUpdate next(TreeNodeReader nodes, TreeRoot parent, long height, WriteSet changes) {
    Map<byte[], byte[]> writes = new LinkedHashMap<>();
    changes.forEach(writes::put);
    return tree.update(nodes, parent, height, writes);
  }

  @Override
  public StateProof prove(TreeNodeReader nodes, TreeRoot root, byte[] key) {
    return tree.prove(nodes, root, key);
  }
}
