package org.medledger.node.mempool;

/**
 * How much the mempool holds, in transactions and in bytes (a count alone let 200,000 pending
 * transactions of up to 1 MiB each pin 200 GiB). One sender may hold at most {@code senderBytes}
 * pending, so a member flooding its own transactions cannot crowd out the others; the last
 * {@code reservedBytes} of the byte budget are kept for access events the validators log, so a
 * full pool never stops health reads (each read is served only once its access event is admitted).
 *
 * @param maxTransactions pending transactions at most
 * @param maxBytes encoded bytes of all pending transactions at most, reserve included
 * @param senderBytes encoded bytes one sender certificate may have pending at most
 * @param reservedBytes part of {@code maxBytes} only reserved transactions (validators' audit events) may use
 */
public record MempoolBudget(int maxTransactions, long maxBytes, long senderBytes, long reservedBytes) {
  /** 256 MiB in all, 32 MiB of it for access events, 32 MiB per sender. */
  public static final MempoolBudget DEFAULTS = new MempoolBudget(200_000, 256L << 20, 32L << 20, 32L << 20);

  public MempoolBudget {
    if (maxTransactions < 1 || maxBytes < 1 || senderBytes < 1 || reservedBytes < 0 || reservedBytes >= maxBytes) {
      throw new IllegalArgumentException("mempool budget needs positive counts and a reserve smaller than the total, got "
          + maxTransactions + " transactions, " + maxBytes + " bytes, " + senderBytes + " per sender, "
          + reservedBytes + " reserved");
    }
  }

  /** Only a count, as before budgets: for tests and tools that fill the pool on purpose. */
  public static MempoolBudget ofCount(int maxTransactions) {
    return new MempoolBudget(maxTransactions, Long.MAX_VALUE, Long.MAX_VALUE, 0);
  }

  /** Bytes the general (unreserved) transactions may fill. */
  long generalBytes() {
    return maxBytes - reservedBytes;
  }
}
