package org.medledger.core.runtime;

/**
 * A block's transactions, executed, touched more state than {@link WorkLimits#MAX_BLOCK_WORK}:
 * no honest proposer builds it, so every validator refuses it (and stops executing it there).
 */
public final class BlockTooHeavyException extends RuntimeException {
  private final long work;

  public BlockTooHeavyException(long work, int transactionsRun) {
    super("its transactions touch more than " + WorkLimits.MAX_BLOCK_WORK + " state keys (" + work + " after "
        + transactionsRun + " of them)");
    this.work = work;
  }

  public long work() {
    return work;
  }
}
