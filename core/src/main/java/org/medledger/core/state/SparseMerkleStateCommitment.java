package org.medledger.core.state;

import java.util.LinkedHashMap;
import java.util.Map;
import org.medledger.core.runtime.SystemKeys;
import org.medledger.core.runtime.WriteSet;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.smt.SparseMerkleTree;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeNodeReader;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;

/**
 * The state root is the root of the sparse Merkle tree over every contract's state keys, so any
 * such key's value or absence at any retained height is provable against that height's header
 * alone. The ledger's own {@code sys} records are left out: the log root commits to what they
 * hold ({@link SystemKeys}).
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
    changes.forEach((k, v) -> {
      if (!SystemKeys.isSystemKey(k)) {
        writes.put(k, v);
      }
    });
    return tree.update(nodes, parent, height, writes);
  }

  /** Throws IllegalArgumentException for a {@code sys} key: those are proven through the log. */
  @Override
  public StateProof prove(TreeNodeReader nodes, TreeRoot root, byte[] key) {
    if (SystemKeys.isSystemKey(key)) {
      throw new IllegalArgumentException("the ledger's own 'sys' records are not in the state tree; a transaction's"
          + " record is proven by its transaction receipt");
    }
    return tree.prove(nodes, root, key);
  }
}
