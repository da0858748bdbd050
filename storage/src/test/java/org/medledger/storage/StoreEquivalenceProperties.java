package org.medledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreEquivalenceProperties {
  /** Up to twelve blocks, each writing up to eight of 31 keys. */
  @Test
  void rocksAndMemoryAgreeOnAnySequenceOfCommits() {
    qt().withExamples(15).forAll(lists().of(lists().of(integers().between(0, 30)).ofSizeBetween(0, 8)).ofSizeBetween(0, 12))
        .checkAssert(blocks -> {
          try {
            rocksAndMemoryAgreeOnAnySequenceOfCommits(blocks);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  static void rocksAndMemoryAgreeOnAnySequenceOfCommits(List<List<Integer>> blocks) throws Exception {
    Path dir = Files.createTempDirectory("store-prop");
    try (LedgerStore rocks = RocksLedgerStore.open(dir); LedgerStore mem = new InMemoryLedgerStore()) {
      long h = 0;
      for (List<Integer> keys : blocks) {
        List<BlockCommit.StateWrite> writes = new ArrayList<>();
        for (int k : keys) {
          writes.add(new BlockCommit.StateWrite(("s/" + k).getBytes(), k % 3 == 0 ? null : ("v" + h).getBytes()));
        }
        // The same keys, shifted, as state-tree records: puts and deletes in the tree family.
        List<BlockCommit.StateWrite> tree = new ArrayList<>();
        for (int k : keys) {
          tree.add(new BlockCommit.StateWrite(new byte[] {'n', (byte) k}, k % 4 == 1 ? null : ("t" + h).getBytes()));
        }
        BlockCommit c = new BlockCommit(h, new byte[] {(byte) h}, new byte[] {1}, new byte[] {2}, List.of(), writes, List.of(), Map.of(), tree);
        rocks.commit(c);
        mem.commit(c);
        h++;
      }
      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      rocks.scanState("s/".getBytes(), (k, v) -> a.add(new String(k) + "=" + new String(v)));
      mem.scanState("s/".getBytes(), (k, v) -> b.add(new String(k) + "=" + new String(v)));
      assertThat(a).isEqualTo(b);
      List<String> ta = new ArrayList<>();
      List<String> tb = new ArrayList<>();
      rocks.scanStateTree(new byte[] {'n'}, (k, v) -> ta.add(k[1] + "=" + new String(v)));
      mem.scanStateTree(new byte[] {'n'}, (k, v) -> tb.add(k[1] + "=" + new String(v)));
      assertThat(ta).isEqualTo(tb);
      for (int k = 0; k <= 30; k++) {
        assertThat(rocks.stateTree(new byte[] {'n', (byte) k}).map(String::new)).isEqualTo(mem.stateTree(new byte[] {'n', (byte) k}).map(String::new));
      }
      assertThat(rocks.height()).isEqualTo(mem.height());
    }
  }
}
