package org.medledger.storage;

class InMemoryLedgerStoreTest extends LedgerStoreContractTest {
  @Override
  protected LedgerStore newStore() {
    return new InMemoryLedgerStore();
  }
}
