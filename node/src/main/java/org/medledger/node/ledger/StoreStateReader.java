package org.medledger.node.ledger;

import java.util.function.BiPredicate;
import org.medledger.core.runtime.StateReader;
import org.medledger.storage.LedgerStore;

/** Committed state straight from the store: the ledger's, and a benchmark's that fills a store itself. */
public final class StoreStateReader implements StateReader {
  private final LedgerStore store;

  public StoreStateReader(LedgerStore store) {
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
