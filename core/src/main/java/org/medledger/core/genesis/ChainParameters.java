package org.medledger.core.genesis;

/**
 * Limits every validator applies identically, fixed in the genesis.
 *
 * @param maxTransactionBytes largest encoded transaction accepted
 * @param maxBlockTransactions most transactions in one block
 * @param blockIntervalMillis how long a proposer waits for more transactions before cutting a
 *     block that is not full (no block is cut while the mempool is empty)
 * @param timestampToleranceMillis how far a transaction's timestamp may be from its block's
 */
public record ChainParameters(
    int maxTransactionBytes,
    int maxBlockTransactions,
    long blockIntervalMillis,
    long timestampToleranceMillis) {
  public static final ChainParameters DEFAULTS = new ChainParameters(1 << 20, 10_000, 200, 10 * 60_000L);

  public ChainParameters {
    if (maxTransactionBytes < 256 || maxTransactionBytes > org.medledger.core.tx.Transaction.MAX_ENCODED_BYTES) {
      throw new IllegalArgumentException("maxTransactionBytes must be within [256, 4 MiB], got " + maxTransactionBytes);
    }
    if (maxBlockTransactions < 1 || maxBlockTransactions > org.medledger.core.block.Block.MAX_TRANSACTIONS) {
      throw new IllegalArgumentException("maxBlockTransactions must be within [1, 100000], got " + maxBlockTransactions);
    }
    if (blockIntervalMillis < 1 || timestampToleranceMillis < 1) {
      throw new IllegalArgumentException("blockIntervalMillis and timestampToleranceMillis must be positive");
    }
  }
}
