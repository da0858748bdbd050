package org.medledger.node.ledger;

import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;

/** A transaction as committed: where it sits and what became of it. */
public record CommittedTransaction(
    Transaction transaction, long height, int index, long leafIndex, TxOutcome outcome) {}
