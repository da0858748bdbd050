package org.medledger.core.runtime;

import java.util.List;

/** A block's effect: all state changes (including sys keys) and one outcome per transaction. */
public record ExecutionResult(WriteSet writes, List<TxOutcome> outcomes) {
  public ExecutionResult {
    outcomes = List.copyOf(outcomes);
  }
}
