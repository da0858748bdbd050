package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.bft.DiskFaultTable;
import org.medledger.storage.LedgerStoreDamagedException;

/**
 * Disks that lie under the ledger store (issue 19, item 3): RocksDB's files written by a real
 * node's commits, then damaged as a disk or an operator would. Each start either recovers to a
 * block the node had committed, its chain re-proved by the start-up check (hashes, transaction,
 * log and state roots, certificates) and able to go on, or refuses naming the folder and the
 * file and saying how to recover. Never another head than the one the node had at that height.
 */
class LedgerDiskFaultTest {
  private static final DiskFaultTable TABLE = new DiskFaultTable();
  private static final long SEED = 1931L;

  @TempDir
  static Path dir;
  private static TestNetwork net;
  private static Path pristine;
  /** The block hash the node committed at each height, before any damage. */
  private static final List<Hash> committed = new ArrayList<>();
  /** The height the first run stopped at: its log was written into table files by the second start. */
  private static long flushedHeight;

  @BeforeAll
  static void aLedgerWrittenByRealCommits() throws Exception {
    net = new TestNetwork(dir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      commit(node, net.register(net.user("dr-wang")));
      anchor(node, 4);
      flushedHeight = node.ledger().height();
    }
    // The second start replays the first run's log into table files; this run's blocks stay in
    // the newest write-ahead log only (a close does not flush it).
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      anchor(node, 8);
      for (long h = 0; h <= node.ledger().height(); h++) {
        committed.add(node.ledger().signedHeader(h).orElseThrow().header().hash(net.suite.hash()));
      }
    }
    pristine = dir.resolve("pristine");
    copyTree(net.config.dataDir(), pristine);
  }

  @AfterAll
  static void print() {
    TABLE.print("LedgerDiskFaultTest: the ledger store (RocksDB, seed " + SEED + ")");
  }

  private static void commit(MedLedgerNode node, Transaction tx) throws Exception {
    Hash id = tx.id(net.suite.hash());
    CompletableFuture<?> done = node.commitWaiters().await(id);
    assertThat(node.admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
    done.get(20, TimeUnit.SECONDS);
  }

  private static void anchor(MedLedgerNode node, int blocks) throws Exception {
    for (int b = 0; b < blocks; b++) {
      commit(node, net.anchor(net.user("dr-wang"), net.fingerprint("document " + b + " " + System.nanoTime())));
    }
  }

  private static long top() {
    return committed.size() - 1;
  }

  private static Path ledger() {
    return net.config.dataDir().resolve("ledger");
  }

  /** The data folder as the node left it, before the next damage. */
  private static void restore() throws IOException {
    deleteTree(net.config.dataDir());
    copyTree(pristine, net.config.dataDir());
  }

  private static List<Path> files(String glob) throws IOException {
    List<Path> out = new ArrayList<>();
    try (var s = Files.newDirectoryStream(ledger(), glob)) {
      s.forEach(out::add);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** The newest write-ahead log (RocksDB numbers its files in order of creation). */
  private static Path newestLog() throws IOException {
    List<Path> logs = files("*.log");
    assertThat(logs).isNotEmpty();
    return logs.get(logs.size() - 1);
  }

  /**
   * Starts the node on the damaged folder; it must come up at a height it had committed, with
   * that height's block hash, and commit the next block on top. Returns the height it came up at.
   */
  private static long recoversToACommittedBlock() throws Exception {
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      long h = node.ledger().height();
      assertThat(h).isBetween(flushedHeight, top());
      assertThat(node.ledger().headHash()).as("head at height %d", h).isEqualTo(committed.get((int) h));
      anchor(node, 1);
      assertThat(node.ledger().height()).isEqualTo(h + 1);
      return h;
    }
  }

  private static void refusedNaming(String file) {
    assertThatThrownBy(() -> MedLedgerNode.start(net.config).close())
        .isInstanceOf(LedgerStoreDamagedException.class)
        .hasMessageContaining(ledger().toString())
        .hasMessageContaining(file)
        .hasMessageContaining("block sync");
  }

  /**
   * As {@link #refusedNaming}, for a flipped bit in a table file: RocksDB names the table, or,
   * when the bit lands in the table's properties block, which it reads while replaying the
   * manifest, the manifest ("properties unsorted … MANIFEST-… may be corrupted"). Either way the
   * refusal names a file of this store and the way back.
   */
  private static void refusedNamingTableOrManifest(String table) {
    assertThatThrownBy(() -> MedLedgerNode.start(net.config).close())
        .isInstanceOf(LedgerStoreDamagedException.class)
        .hasMessageContaining(ledger().toString())
        .hasMessageContaining("block sync")
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf(table, "MANIFEST-"));
  }

  @Test
  void aLogLosingItsLastByteLeavesTheNodeAtThePreviousBlock() throws Exception {
    restore();
    Path log = newestLog();
    truncate(log, Files.size(log) - 1);
    assertThat(recoversToACommittedBlock()).as("the torn last record was the last block").isEqualTo(top() - 1);
    TABLE.add("ledger/<newest>.log", "last byte cut (the last block's record torn)", 1,
        "up at the previous block " + (top() - 1) + " of " + top() + ", chain re-proved, next block committed");
  }

  @Test
  void aLogCutAnywhereLeavesACommittedPrefix() throws Exception {
    restore();
    long length = Files.size(newestLog());
    TreeSet<Long> cuts = new TreeSet<>(List.of(2L, 7L, 64L, 100L, 1000L, length / 4, length / 2, 3 * length / 4, length - 7, length));
    Random random = new Random(SEED);
    for (int i = 0; i < 6; i++) {
      cuts.add(1 + (long) random.nextInt((int) length));
    }
    TreeSet<Long> heights = new TreeSet<>();
    for (long cut : cuts) {
      restore();
      Path log = newestLog();
      truncate(log, Files.size(log) - Math.min(cut, Files.size(log)));
      heights.add(recoversToACommittedBlock());
    }
    // Cutting the whole log loses every block it alone held: the node is back at the flushed ones.
    assertThat(heights.first()).isEqualTo(flushedHeight);
    TABLE.add("ledger/<newest>.log", "cut 2 B .. whole file (mid-record included)", cuts.size(),
        "up at a committed block (heights " + heights + "), re-proved, goes on");
  }

  @Test
  void aLogWithAZeroedTailLeavesACommittedPrefix() throws Exception {
    int trials = 0;
    for (long zeroed : List.of(1L, 32L, 4096L)) {
      restore();
      Path log = newestLog();
      long length = Files.size(log);
      try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
        f.seek(Math.max(0, length - zeroed));
        f.write(new byte[(int) Math.min(zeroed, length)]);
      }
      assertThat(recoversToACommittedBlock()).isLessThan(top());
      trials++;
    }
    TABLE.add("ledger/<newest>.log", "tail zeroed (1 B, 32 B, 4 KiB)", trials, "up at an earlier committed block, goes on");
  }

  @Test
  void aDeletedManifestIsRefusedNamingIt() throws Exception {
    restore();
    List<Path> manifests = files("MANIFEST-*");
    for (Path m : manifests) {
      Files.delete(m);
    }
    refusedNaming("MANIFEST");
    TABLE.add("ledger/MANIFEST-*", "deleted", 1, "refused to start, folder and file named, recovery said");
  }

  @Test
  void aCurrentFileNamingAMissingManifestIsRefused() throws Exception {
    restore();
    Files.writeString(ledger().resolve("CURRENT"), "MANIFEST-999999\n");
    refusedNaming("MANIFEST-999999");
    restore();
    Files.delete(ledger().resolve("CURRENT"));
    // Without CURRENT RocksDB would create a new, empty store over the old files: refused instead.
    refusedNaming("CURRENT");
    TABLE.add("ledger/CURRENT", "names a missing manifest; deleted", 2, "refused to start, file named, recovery said");
  }

  @Test
  void aTableFileWithAFlippedBitIsRefusedNamingIt() throws Exception {
    restore();
    List<Path> tables = files("*.sst");
    assertThat(tables).as("the first run's blocks are in table files").isNotEmpty();
    Random random = new Random(SEED + 1);
    int trials = 24;
    for (int i = 0; i < trials; i++) {
      restore();
      Path table = tables.get(random.nextInt(tables.size()));
      long bit = (long) (random.nextDouble() * Files.size(table) * 8);
      try (RandomAccessFile f = new RandomAccessFile(table.toFile(), "rw")) {
        f.seek(bit / 8);
        int b = f.read();
        f.seek(bit / 8);
        f.write(b ^ (1 << (bit % 8)));
      }
      refusedNamingTableOrManifest(table.getFileName().toString());
    }
    TABLE.add("ledger/*.sst", "a seeded bit flipped (any table, any offset)", trials, "refused to start, the table (or, for its properties block, the manifest) named");
  }

  @Test
  void aTruncatedTableFileIsRefusedNamingIt() throws Exception {
    restore();
    List<Path> tables = files("*.sst");
    int trials = 0;
    for (Path table : tables) {
      for (double keep : new double[] {0, 0.5, 0.99}) {
        restore();
        truncate(table, (long) (Files.size(table) * keep));
        refusedNaming(table.getFileName().toString());
        trials++;
      }
    }
    TABLE.add("ledger/*.sst", "truncated to 0, 50 %, 99 % (each table)", trials, "refused to start, the table (or, for its properties block, the manifest) named");
  }

  private static void truncate(Path file, long length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
