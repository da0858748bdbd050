package org.medledger.core.runtime;

import java.util.function.ToLongFunction;
import org.medledger.core.tx.Transaction;

/**
 * How a declared method weighs a transaction ({@link Contract#weight}), from the transaction
 * alone; {@code kind} names the rule in the method table.
 */
public record Weight(String kind, ToLongFunction<Transaction> rule) {
  public static final Weight ONE = new Weight("one", tx -> 1);

  public static Weight of(String kind, ToLongFunction<Transaction> rule) {
    return new Weight(kind, rule);
  }

  public long of(Transaction tx) {
    return rule.applyAsLong(tx);
  }
}
