package org.medledger.node.mempool;

import java.util.Objects;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;

/**
 * A transaction whose signature, suite, chain and size were checked once on entry; block
 * production and execution trust that check instead of repeating it.
 */
public record PendingTransaction(Transaction transaction, Hash id, long receivedAtNanos) {
  public PendingTransaction {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(id, "id");
  }
}
