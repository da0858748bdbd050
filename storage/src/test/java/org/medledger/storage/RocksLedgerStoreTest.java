package org.medledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksLedgerStoreTest extends LedgerStoreContractTest {
  @TempDir Path dir;

  @Override
  protected LedgerStore newStore() {
    return RocksLedgerStore.open(dir.resolve("db"));
  }

  @Test
  void survivesReopening() {
    store.commit(block(0, "k", "v"));
    store.commit(block(1));
    store.close();
    store = RocksLedgerStore.open(dir.resolve("db"));
    assertThat(store.height()).isEqualTo(1);
    assertThat(store.state(b("k"))).hasValue(b("v"));
    assertThat(store.block(1)).hasValue(b("block1"));
    store.commit(block(2));
    assertThat(store.height()).isEqualTo(2);
  }

  @Test
  void aSecondOpenOfTheSameFolderIsRefusedClearly() {
    assertThatThrownBy(() -> RocksLedgerStore.open(dir.resolve("db"))).hasMessageContaining("in use by another process");
  }
}
