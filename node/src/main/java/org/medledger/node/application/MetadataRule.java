package org.medledger.node.application;

import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;

/**
 * Who may see a committed transaction or a state key, whichever platform route would return it
 * (a transaction, its inclusion proof or receipt, a state receipt). An application whose
 * metadata is itself sensitive (health records: who consented to whom, who read what) provides
 * one through {@link ApplicationServices}; what no rule hides stays visible to members. A rule
 * answers for its own contracts' data and {@code true} for anything else.
 */
public interface MetadataRule {
  boolean maySee(StateReader state, Caller who, Transaction tx);

  /** {@code fullKey} a state key (namespace, 0x00, the contract's key). */
  boolean maySee(StateReader state, Caller who, byte[] fullKey);
}
