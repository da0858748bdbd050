package org.medledger.node.ledger;

import java.util.function.BiPredicate;
import org.medledger.core.runtime.StateReader;

/** The state before block 0. */
enum EmptyState implements StateReader {
  INSTANCE;

  @Override
  public byte[] get(byte[] key) {
    return null;
  }

  @Override
  public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {}
}
