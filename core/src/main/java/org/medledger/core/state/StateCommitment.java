package org.medledger.core.state;

import org.medledger.core.runtime.WriteSet;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeNodeReader;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;

/**
 * How a block's state changes fold into the header's state root. Pure: the tree's stored nodes
 * come in through {@code nodes}, the new ones go out in the {@link TreeUpdate} for the caller to
 * write with the block.
 */
public interface StateCommitment {
  /** The state tree after {@code changes} at {@code height}, built over the tree at {@code parent}. */
  TreeUpdate next(TreeNodeReader nodes, TreeRoot parent, long height, WriteSet changes);

  /** A key's value or absence in the tree at {@code root}, with its proof. */
  StateProof prove(TreeNodeReader nodes, TreeRoot root, byte[] key);
}
