package org.medledger.node.ledger;

import java.util.function.BiPredicate;
import org.medledger.core.runtime.StateReader;
import org.medledger.storage.LedgerStore;

/** Committed state straight from the store. */
final class StoreStateReader implements StateReader {
  private final LedgerStore store;

  StoreStateReader(LedgerStore store) {
    this.store = store;
  }

  @Override
  public byte[] get(byte[] key) {
    return store.state(key).orElse(null);
  }

  @Override
  public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    store.scanState(prefix, visitor);
  }
}
