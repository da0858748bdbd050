package org.medledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One suite, run against every implementation (as Ratis runs one suite per transport). */
abstract class LedgerStoreContractTest {
  protected LedgerStore store;

  protected abstract LedgerStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static BlockCommit block(long h, String... stateKv) {
    List<BlockCommit.StateWrite> writes = new ArrayList<>();
    for (int i = 0; i < stateKv.length; i += 2) {
      writes.add(new BlockCommit.StateWrite(b(stateKv[i]), stateKv[i + 1] == null ? null : b(stateKv[i + 1])));
    }
    return new BlockCommit(h, b("hash" + h), b("header" + h), b("block" + h),
        List.of(new BlockCommit.TxEntry(b("tx" + h), 0, b("txbytes" + h))),
        writes, List.of(new BlockCommit.LogNodeWrite(0, h, b("leaf" + h))), Map.of("frontier", b("f" + h)));
  }

  @Test
  void startsEmpty() {
    assertThat(store.height()).isEqualTo(-1);
    assertThat(store.block(0)).isEmpty();
  }

  @Test
  void readsBackEverythingACommitWrote() {
    store.commit(block(0, "a/1", "x"));
    store.commit(block(1, "a/2", "y"));
    assertThat(store.height()).isEqualTo(1);
    assertThat(store.block(1)).hasValue(b("block1"));
    assertThat(store.header(0)).hasValue(b("header0"));
    assertThat(store.blockHash(1)).hasValue(b("hash1"));
    assertThat(store.transaction(b("tx1"))).hasValue(new TxLocation(1, 0));
    assertThat(store.transactionBytes(b("tx1"))).hasValue(b("txbytes1"));
    assertThat(store.state(b("a/2"))).hasValue(b("y"));
    assertThat(store.logNode(0, 1)).isEqualTo(b("leaf1"));
    assertThat(store.meta("frontier")).hasValue(b("f1"));
  }

  @Test
  void refusesAGapOrARepeatAndWritesNothing() {
    store.commit(block(0));
    assertThatThrownBy(() -> store.commit(block(2, "k", "v"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("height 0");
    assertThatThrownBy(() -> store.commit(block(0))).isInstanceOf(IllegalStateException.class);
    assertThat(store.height()).isEqualTo(0);
    assertThat(store.state(b("k"))).isEmpty();
    assertThat(store.transaction(b("tx2"))).isEmpty();
  }

  @Test
  void deletesAndPrefixScansInUnsignedOrder() {
    store.commit(block(0, "p/b", "2", "p/a", "1", "p/\u00ff", "3", "q/a", "4", "p/c", "5"));
    store.commit(block(1, "p/c", null));
    List<String> seen = new ArrayList<>();
    store.scanState(b("p/"), (k, v) -> seen.add(new String(k, StandardCharsets.UTF_8) + "=" + new String(v, StandardCharsets.UTF_8)));
    assertThat(seen).containsExactly("p/a=1", "p/b=2", "p/\u00ff=3");
    List<String> first = new ArrayList<>();
    store.scanState(b("p/"), (k, v) -> first.add(new String(k, StandardCharsets.UTF_8)) && false);
    assertThat(first).containsExactly("p/a");
  }

  @Test
  void missingLogNodeIsAnError() {
    assertThatThrownBy(() -> store.logNode(3, 7)).hasMessageContaining("(3, 7)");
  }
}
