package org.medledger.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiPredicate;

/** The store in sorted maps, with the same semantics as RocksDB's: for fast tests. */
public final class InMemoryLedgerStore implements LedgerStore {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final TreeMap<Long, byte[]> blocks = new TreeMap<>();
  private final TreeMap<Long, byte[]> headers = new TreeMap<>();
  private final TreeMap<Long, byte[]> hashes = new TreeMap<>();
  private final TreeMap<byte[], byte[]> txs = new TreeMap<>(Arrays::compareUnsigned);
  private final TreeMap<byte[], byte[]> state = new TreeMap<>(Arrays::compareUnsigned);
  private final TreeMap<byte[], byte[]> log = new TreeMap<>(Arrays::compareUnsigned);
  private final TreeMap<String, byte[]> meta = new TreeMap<>();
  private final TreeMap<byte[], byte[]> tree = new TreeMap<>(Arrays::compareUnsigned);
  private long height = -1;

  private <T> T read(java.util.function.Supplier<T> s) {
    lock.readLock().lock();
    try {
      return s.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long height() {
    return read(() -> height);
  }

  @Override
  public Optional<byte[]> block(long h) {
    return read(() -> Optional.ofNullable(blocks.get(h)).map(byte[]::clone));
  }

  @Override
  public Optional<byte[]> header(long h) {
    return read(() -> Optional.ofNullable(headers.get(h)).map(byte[]::clone));
  }

  @Override
  public Optional<byte[]> blockHash(long h) {
    return read(() -> Optional.ofNullable(hashes.get(h)).map(byte[]::clone));
  }

  @Override
  public Optional<TxLocation> transaction(byte[] txId) {
    return read(() -> Optional.ofNullable(txs.get(txId)).map(r -> new TxLocation(Keys.readLong(r, 0), Keys.readInt(r, 8))));
  }

  @Override
  public Optional<byte[]> transactionBytes(byte[] txId) {
    return read(() -> Optional.ofNullable(txs.get(txId)).map(r -> Arrays.copyOfRange(r, 12, r.length)));
  }

  @Override
  public Optional<byte[]> state(byte[] key) {
    return read(() -> Optional.ofNullable(state.get(key)).map(byte[]::clone));
  }

  @Override
  public void scanState(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    TreeMap<byte[], byte[]> copy = read(() -> {
      TreeMap<byte[], byte[]> m = new TreeMap<>(Arrays::compareUnsigned);
      for (Map.Entry<byte[], byte[]> e : state.tailMap(prefix, true).entrySet()) {
        if (!Keys.startsWith(e.getKey(), prefix)) {
          break;
        }
        m.put(e.getKey(), e.getValue());
      }
      return m;
    });
    for (Map.Entry<byte[], byte[]> e : copy.entrySet()) {
      if (!visitor.test(e.getKey().clone(), e.getValue().clone())) {
        return;
      }
    }
  }

  @Override
  public Optional<byte[]> stateTree(byte[] key) {
    return read(() -> Optional.ofNullable(tree.get(key)).map(byte[]::clone));
  }

  @Override
  public void scanStateTree(byte[] from, BiPredicate<byte[], byte[]> visitor) {
    TreeMap<byte[], byte[]> copy = read(() -> new TreeMap<>(tree.tailMap(from, true)));
    for (Map.Entry<byte[], byte[]> e : copy.entrySet()) {
      if (!visitor.test(e.getKey().clone(), e.getValue().clone())) {
        return;
      }
    }
  }

  @Override
  public byte[] logNode(int level, long index) {
    byte[] v = read(() -> log.get(Keys.logNode(level, index)));
    if (v == null) {
      throw new IllegalStateException("log node (" + level + ", " + index + ") is not stored");
    }
    return v.clone();
  }

  @Override
  public Optional<byte[]> meta(String name) {
    return read(() -> Optional.ofNullable(meta.get(name)).map(byte[]::clone));
  }

  @Override
  public void commit(BlockCommit c) {
    lock.writeLock().lock();
    try {
      if (c.height() != height + 1) {
        throw new IllegalStateException("cannot commit height " + c.height() + ": the store is at height " + height);
      }
      blocks.put(c.height(), c.blockBytes().clone());
      headers.put(c.height(), c.headerBytes().clone());
      hashes.put(c.height(), c.blockHash().clone());
      for (BlockCommit.TxEntry t : c.transactions()) {
        txs.put(t.id().clone(), Keys.txRecord(c.height(), t.index(), t.bytes()));
      }
      for (BlockCommit.StateWrite w : c.stateWrites()) {
        if (w.value() == null) {
          state.remove(w.key());
        } else {
          state.put(w.key().clone(), w.value().clone());
        }
      }
      for (BlockCommit.LogNodeWrite n : c.logNodes()) {
        log.put(Keys.logNode(n.level(), n.index()), n.hash().clone());
      }
      for (BlockCommit.StateWrite w : c.treeWrites()) {
        if (w.value() == null) {
          tree.remove(w.key());
        } else {
          tree.put(w.key().clone(), w.value().clone());
        }
      }
      c.meta().forEach((k, v) -> meta.put(k, v.clone()));
      height = c.height();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void close() {}
}
