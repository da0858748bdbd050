package org.medledger.node.ordering;

import java.util.List;
import org.medledger.core.block.Block;
import org.medledger.core.runtime.TxOutcome;

/** Told of every block after it is durably committed, in height order, on the ordering thread. */
@FunctionalInterface
public interface CommitListener {
  void committed(Block block, List<TxOutcome> outcomes);
}
