package org.medledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.runtime.WriteSet;
import org.medledger.core.tx.Transaction;
import org.medledger.node.ledger.StoreStateReader;
import org.medledger.storage.BlockCommit;
import org.medledger.storage.RocksLedgerStore;

/**
 * A node's state for a benchmark that measures reads of a large ledger: RocksDB in a temporary
 * folder, read through the same {@link StateReader} a contract or a route reads, filled a block
 * at a time through the real contracts, and removed with the trial ({@link #close}). What is
 * measured is the read, so the setup's blocks carry placeholder hashes and no signatures.
 */
final class BenchStore implements AutoCloseable {
  private final Path dir;
  private final RocksLedgerStore store;
  private final StateReader state;
  private long height = -1;

  private BenchStore(Path dir) {
    this.dir = dir;
    this.store = RocksLedgerStore.open(dir);
    this.state = new StoreStateReader(store);
  }

  /** An empty store in a new temporary folder named after the benchmark. */
  static BenchStore open(String name) throws IOException {
    return new BenchStore(Files.createTempDirectory("medledger-" + name + "-bench"));
  }

  StateReader state() {
    return state;
  }

  /**
   * Executes {@code txs} as the next block, at time {@code t0} plus its height, and commits its
   * writes; a setup transaction the contracts refuse stops the setup with their reason, since a
   * benchmark over a state that is not the one described would measure something else.
   */
  void block(BlockExecutor executor, long t0, List<Transaction> txs) {
    ExecutionResult r = executor.execute(state, height + 1, t0 + height + 1, txs);
    for (TxOutcome o : r.outcomes()) {
      if (!o.success()) {
        throw new IllegalStateException("setup transaction refused: " + o.code() + ": " + o.message());
      }
    }
    commit(height + 1, r.writes());
  }

  /** Commits {@code writes} as the block at {@code blockHeight}, for a setup that executes its blocks itself. */
  void commit(long blockHeight, WriteSet writes) {
    List<BlockCommit.StateWrite> w = new ArrayList<>();
    writes.forEach((k, v) -> w.add(new BlockCommit.StateWrite(k, v)));
    store.commit(new BlockCommit(blockHeight, new byte[32], new byte[] {1}, new byte[] {1}, List.of(), w, List.of(), new TreeMap<>()));
    height = blockHeight;
  }

  /** Closes RocksDB and removes its folder. */
  @Override
  public void close() throws IOException {
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
