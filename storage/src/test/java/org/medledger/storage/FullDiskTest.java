package org.medledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that runs out of space (ENOSPC, issue 19 item 3) under the ledger store and under the
 * vault's shard files, on a real tmpfs of a few MiB (needs root; skipped otherwise). The write
 * fails naming the file, nothing half-written is ever read back, and once there is room again
 * the store goes on from the last thing it acknowledged. The consensus state's own case is
 * node's {@code FailingDiskTest}.
 */
class FullDiskTest {
  private static final int MEBIBYTES = 16;

  @TempDir Path dir;

  @Test
  void aLedgerCommitOnAFullDiskFailsNamingTheFileAndTheStoreReopensAtItsLastCommittedBlock() throws Exception {
    SmallTmpfs disk = SmallTmpfs.mount(dir.resolve("small"), MEBIBYTES);
    assumeTrue(disk != null, "mounting a tmpfs needs root");
    try (disk) {
      Path db = disk.root.resolve("ledger");
      long committed = -1;
      try (LedgerStore s = RocksLedgerStore.open(db)) {
        for (long h = 0; h < 5; h++) {
          s.commit(CrashWriter.content(h));
          committed = h;
        }
        assertThat(disk.fill()).contains("No space left on device");
        long failedAt = committed + 1;
        // RocksDB may still have room in a file it preallocated: commit until the disk says no.
        RuntimeException failure = null;
        while (failure == null && failedAt < 5_000) {
          try {
            s.commit(CrashWriter.content(failedAt));
            committed = failedAt++;
          } catch (RuntimeException e) {
            failure = e;
          }
        }
        assertThat(failure).as("a commit failed once the disk was full").isNotNull();
        assertThat(failure.getMessage()).contains("the ledger store at " + db, "commit of height " + failedAt,
            "No space left on device", db.toString() + "/");
        assertThat(s.height()).as("the store did not claim the failed block").isEqualTo(committed);
        long stuckAt = failedAt;
        // The store stays failed while it is open (RocksDB keeps its background error): the node's
        // ordering stops on the first failure; the operator makes room and restarts it.
        assertThatThrownBy(() -> s.commit(CrashWriter.content(stuckAt))).hasMessageContaining("No space left on device");
      }
      disk.free();
      try (LedgerStore s = RocksLedgerStore.open(db)) {
        assertThat(s.height()).as("reopened at the last block it acknowledged").isEqualTo(committed);
        assertHolds(s, committed);
        s.commit(CrashWriter.content(committed + 1));
        assertHolds(s, committed + 1);
      }
    }
  }

  private static void assertHolds(LedgerStore s, long top) {
    for (long h = 0; h <= top; h++) {
      BlockCommit c = CrashWriter.content(h);
      assertThat(s.block(h)).as("block %d", h).hasValue(c.blockBytes());
      assertThat(s.state(("k/" + h + "/49").getBytes())).hasValue(("v" + h).getBytes());
    }
    assertThat(s.state("last".getBytes())).hasValue(Long.toString(top).getBytes());
    assertThat(s.block(top + 1)).isEmpty();
  }

  @Test
  void aShardWrittenToAFullDiskFailsNamingItsFileLeavesNoPartOfItAndIsStoredOnceThereIsRoom() throws Exception {
    SmallTmpfs disk = SmallTmpfs.mount(dir.resolve("small"), MEBIBYTES);
    assumeTrue(disk != null, "mounting a tmpfs needs root");
    try (disk) {
      Path folder = disk.root.resolve("shards");
      byte[] record = bytes(1, 32);
      byte[] kept = bytes(2, 64 * 1024);
      byte[] shard = bytes(3, 256 * 1024);
      try (ShardStore store = ShardStore.open(folder)) {
        store.put(record, 0, kept);
        assertThat(disk.fill()).contains("No space left on device");
        assertThatThrownBy(() -> store.put(record, 1, shard)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("storing shard 1 at " + folder.resolve("files"))
            .hasMessageContaining("No space left on device");
        assertThat(store.has(record, 1)).isFalse();
        assertThat(partialFiles(folder)).as("half-written shard files left behind").isZero();
        assertThat(store.get(record, 0)).hasValue(kept);
        disk.free();
        store.put(record, 1, shard);
        assertThat(store.get(record, 1)).hasValue(shard);
      }
      try (ShardStore store = ShardStore.open(folder)) {
        assertThat(store.indexes(record)).containsExactly(0, 1);
        assertThat(store.get(record, 0)).hasValue(kept);
      }
    }
  }

  private static long partialFiles(Path folder) throws IOException {
    try (Stream<Path> all = Files.walk(folder.resolve("files"))) {
      return all.filter(p -> p.getFileName().toString().contains(".partial")).count();
    }
  }

  private static byte[] bytes(int seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
