package org.medledger.core.state;

import org.medledger.core.runtime.WriteSet;
import org.medledger.crypto.Hash;

/**
 * How a block's state changes fold into the header's state root. The authenticated sparse Merkle
 * tree of ARCHITECTURE.md will implement this; until then {@link ChainedStateCommitment} binds
 * every header to the exact sequence of changes.
 */
public interface StateCommitment {
  Hash nextRoot(Hash previousRoot, long height, WriteSet changes);
}
