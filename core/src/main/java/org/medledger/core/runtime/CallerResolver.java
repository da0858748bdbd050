package org.medledger.core.runtime;

import org.medledger.core.tx.Transaction;

/**
 * Finds who sent a transaction at the state it executes against: a certificate unknown or
 * revoked at that height makes the transaction fail, deterministically, on every node.
 */
public interface CallerResolver {
  Caller resolve(Transaction tx, StateReader state) throws ContractException;
}
