package org.medledger.it.chaos;

/**
 * One operation of the register workload, as its client saw it: when it began and ended (one
 * monotonic clock for every client, System.nanoTime) and what it answered.
 */
public sealed interface RegisterOp {
  int client();

  int register();

  long invokeNanos();

  /** When the answer came; {@link Long#MAX_VALUE} when none did (the operation may yet take effect). */
  long completeNanos();

  /**
   * A snapshot read at {@code height}: the register's version then (0: never written) and the id
   * of the transaction that wrote that version ("" for version 0).
   */
  record Read(int client, int register, long height, long version, String writerTxId, long invokeNanos, long completeNanos)
      implements RegisterOp {}

  /**
   * Compare-and-set: from version {@code expected} to {@code expected + 1} holding {@code value},
   * by transaction {@code txId}; {@code height} is where the node said it committed (-1 if it did
   * not say).
   */
  record Cas(int client, int register, long expected, String value, String txId, CasResult result, long height,
      long invokeNanos, long completeNanos) implements RegisterOp {}

  enum CasResult {
    /** Committed, and it set the register. */
    OK,
    /** Committed, and refused by the contract: the version had moved on. */
    FAIL,
    /** Committed, and refused by the contract for another reason (no effect on the register). */
    NOOP,
    /** Refused before it entered the mempool (an error status): it must never commit. */
    REFUSED,
    /** No answer (timeout, connection lost, still pending): it may or may not commit. */
    UNKNOWN
  }
}
