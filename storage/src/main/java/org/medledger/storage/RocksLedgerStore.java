package org.medledger.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The store on RocksDB: one column family per kind of record, and one synced WriteBatch per
 * block, which RocksDB applies atomically through its write-ahead log. The height lives in the
 * meta family and moves in the same batch, so it never points past what is on disk.
 */
public final class RocksLedgerStore implements LedgerStore {
  static {
    RocksDB.loadLibrary();
  }

  private static final byte[] HEIGHT = "height".getBytes(StandardCharsets.UTF_8);
  private static final String[] FAMILIES = {"blocks", "headers", "hashes", "transactions", "state", "log_nodes", "meta", "state_tree",
      "node_local"};

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final List<ColumnFamilyOptions> cfOptions;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle blocks;
  private final ColumnFamilyHandle headers;
  private final ColumnFamilyHandle hashes;
  private final ColumnFamilyHandle transactions;
  private final ColumnFamilyHandle state;
  private final ColumnFamilyHandle logNodes;
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle stateTree;
  /** {@link NodeLocalStore}: the node's own records, in no block (the refusal log). */
  private final ColumnFamilyHandle nodeLocal;
  private final WriteOptions syncWrite = new WriteOptions().setSync(true);
  private final Path dir;
  private volatile long height;

  private RocksLedgerStore(Path dir, RocksDB db, DBOptions dbOptions, List<ColumnFamilyOptions> cfOptions, List<ColumnFamilyHandle> handles) throws RocksDBException {
    this.dir = dir;
    this.db = db;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.handles = handles;
    this.blocks = handles.get(1);
    this.headers = handles.get(2);
    this.hashes = handles.get(3);
    this.transactions = handles.get(4);
    this.state = handles.get(5);
    this.logNodes = handles.get(6);
    this.meta = handles.get(7);
    this.stateTree = handles.get(8);
    this.nodeLocal = handles.get(9);
    byte[] h = db.get(meta, HEIGHT);
    this.height = h == null ? -1 : Keys.readLong(h, 0);
  }

  /** Opens or creates a store; the error says if another process holds it or it is damaged. */
  public static RocksLedgerStore open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create data folder " + dir + ": " + e.getMessage(), e);
    }
    refuseFilesWithoutCurrent(dir);
    DBOptions dbOptions = new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2)
        // A checksum or consistency error anywhere (opening a table file, a compaction, replaying
        // the log) stops the store instead of being logged and skipped: a damaged file is refused,
        // never read around.
        .setParanoidChecks(true)
        // Each block is one synced write batch, one log record. Point-in-time recovery replays the
        // log up to the first record that is torn or fails its checksum and drops everything after
        // it: the store is then at an earlier block, whole (ChainVerifier re-proves it; block sync
        // fetches the rest). kAbsoluteConsistency would refuse to open after any kill -9 that tore
        // the last record, an ordinary crash; kSkipAnyCorruptedRecords could apply block h+1 over
        // a lost block h, a state no header vouches for. Never that one.
        .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery);
    ColumnFamilyOptions cf = new ColumnFamilyOptions()
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setWriteBufferSize(32L * 1024 * 1024)
        .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10)));
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf));
    // Tree nodes are hashes: compression would spend CPU to save nothing.
    ColumnFamilyOptions treeCf = new ColumnFamilyOptions()
        .setCompressionType(CompressionType.NO_COMPRESSION)
        .setWriteBufferSize(64L * 1024 * 1024)
        .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10)));
    for (String f : FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.UTF_8), f.equals("state_tree") ? treeCf : cf));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = null;
    try {
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      // Every read checks the checksums of the blocks it touches (RocksDB's default, kept: a
      // damaged block is an error, never other bytes). And every table file is read whole against
      // its checksums once per start: a flipped bit in a record start-up does not read (a
      // state-tree node, a state value) would otherwise surface only when a proof or a block's
      // execution touched it. One sequential read of the tables (125 MB: about 0.1 s warm);
      // ChainVerifier then reads and re-proves every block anyway.
      db.verifyChecksum();
      return new RocksLedgerStore(dir, db, dbOptions, List.of(cf, treeCf), handles);
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      if (db != null) {
        db.close();
      }
      String msg = String.valueOf(e.getMessage());
      if (RocksLock.heldElsewhere(msg)) {
        throw new IllegalStateException("data folder " + dir + " is in use by another process (RocksDB lock held)", e);
      }
      throw damaged(dir, "cannot be opened", e);
    }
  }

  /**
   * RocksDB knows a store by its CURRENT file; without it, create-if-missing would start a new,
   * empty store over the old files (the node would then silently begin again from block 0).
   */
  private static void refuseFilesWithoutCurrent(Path dir) {
    if (Files.exists(dir.resolve("CURRENT"))) {
      return;
    }
    try (var files = Files.newDirectoryStream(dir, "{MANIFEST-*,*.sst,*.log}")) {
      if (files.iterator().hasNext()) {
        throw damaged(dir, "has table, log or manifest files but no CURRENT file (" + dir.resolve("CURRENT") + ")", null);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot list the ledger store folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The store's files cannot be trusted: says which folder, RocksDB's own words (they name the
   * file), and how to recover without losing what the rest of the data folder holds.
   */
  static LedgerStoreDamagedException damaged(Path dir, String what, RocksDBException e) {
    return new LedgerStoreDamagedException(dir, "the ledger store at " + dir + " " + what + (e == null ? "" : ": " + e.getMessage())
        + ". Its files are damaged or missing (a disk fault, or files removed); nothing was changed. To recover: stop the"
        + " node, move the folder " + dir + " aside (keep the rest of the data folder, above all consensus/ and the"
        + " secrets) and start the node again: it starts from the genesis block and fetches the chain from its peers"
        + " (block sync). Or put back that folder from a backup of this node.", e);
  }

  /**
   * Readers hold this shared; close takes it exclusively. A read racing a shutdown then fails with
   * a clear exception instead of touching freed native memory (which crashes the JVM).
   */
  private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle = new java.util.concurrent.locks.ReentrantReadWriteLock();
  private volatile boolean closed;

  private void enter() {
    lifecycle.readLock().lock();
    if (closed) {
      lifecycle.readLock().unlock();
      throw new IllegalStateException("the ledger store is closed");
    }
  }

  private void leave() {
    lifecycle.readLock().unlock();
  }

  private Optional<byte[]> get(ColumnFamilyHandle cf, byte[] key) {
    enter();
    try {
      return Optional.ofNullable(db.get(cf, key));
    } catch (RocksDBException e) {
      throw damaged(dir, "failed a read", e);
    } finally {
      leave();
    }
  }

  @Override
  public long height() {
    return height;
  }

  @Override
  public Optional<byte[]> block(long h) {
    return h < 0 || h > height ? Optional.empty() : get(blocks, Keys.height(h));
  }

  @Override
  public Optional<byte[]> header(long h) {
    return h < 0 || h > height ? Optional.empty() : get(headers, Keys.height(h));
  }

  @Override
  public Optional<byte[]> blockHash(long h) {
    return h < 0 || h > height ? Optional.empty() : get(hashes, Keys.height(h));
  }

  @Override
  public Optional<TxLocation> transaction(byte[] txId) {
    return get(transactions, txId).map(r -> new TxLocation(Keys.readLong(r, 0), Keys.readInt(r, 8)));
  }

  @Override
  public Optional<byte[]> transactionBytes(byte[] txId) {
    return get(transactions, txId).map(r -> Arrays.copyOfRange(r, 12, r.length));
  }

  @Override
  public Optional<byte[]> state(byte[] key) {
    return get(state, key);
  }

  @Override
  public void scanState(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    scan(state, prefix, prefix, visitor);
  }

  /** The keys of {@code family} under {@code prefix} from {@code from} on, in order, while {@code visitor} says go on. */
  private void scan(ColumnFamilyHandle family, byte[] prefix, byte[] from, BiPredicate<byte[], byte[]> visitor) {
    enter();
    try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(false); RocksIterator it = db.newIterator(family, ro)) {
      for (it.seek(from); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (!Keys.startsWith(k, prefix) || !visitor.test(k, it.value())) {
          return;
        }
      }
      endOfScan(it);
    } finally {
      leave();
    }
  }

  /**
   * An iterator also stops being valid on a read error (a table block failing its checksum):
   * without this check a damaged file would end a scan early, as if the keys after it did not exist.
   */
  private void endOfScan(RocksIterator it) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw damaged(dir, "failed a scan", e);
    }
  }

  @Override
  public Optional<byte[]> stateTree(byte[] key) {
    return get(stateTree, key);
  }

  @Override
  public void scanStateTree(byte[] from, BiPredicate<byte[], byte[]> visitor) {
    enter();
    try (RocksIterator it = db.newIterator(stateTree)) {
      for (it.seek(from); it.isValid(); it.next()) {
        if (!visitor.test(it.key(), it.value())) {
          return;
        }
      }
      endOfScan(it);
    } finally {
      leave();
    }
  }

  @Override
  public byte[] logNode(int level, long index) {
    return get(logNodes, Keys.logNode(level, index))
        .orElseThrow(() -> new IllegalStateException("log node (" + level + ", " + index + ") is not stored"));
  }

  @Override
  public Optional<byte[]> meta(String name) {
    return get(meta, name.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The node's own records beside the ledger, in a column family of their own that no block
   * writes. Their writes are not synced one by one: a power cut may lose the last few, whole
   * (each write is one log record, applied entirely or not at all), and a block's synced commit
   * makes every earlier one durable.
   */
  public NodeLocalStore nodeLocal() {
    return localStore;
  }

  private final NodeLocalStore localStore = new NodeLocalStore() {
    @Override
    public Optional<byte[]> get(byte[] key) {
      return RocksLedgerStore.this.get(nodeLocal, key);
    }

    @Override
    public void scan(byte[] prefix, byte[] from, BiPredicate<byte[], byte[]> visitor) {
      RocksLedgerStore.this.scan(nodeLocal, prefix, from, visitor);
    }

    @Override
    public void write(List<Write> writes) {
      enter();
      try (WriteBatch batch = new WriteBatch(); WriteOptions unsynced = new WriteOptions()) {
        for (Write w : writes) {
          if (w.value() == null) {
            batch.delete(nodeLocal, w.key());
          } else {
            batch.put(nodeLocal, w.key(), w.value());
          }
        }
        db.write(unsynced, batch);
      } catch (RocksDBException e) {
        throw new IllegalStateException("the ledger store at " + dir + ": a node-local write failed: " + e.getMessage(), e);
      } finally {
        leave();
      }
    }
  };

  @Override
  public synchronized void commit(BlockCommit c) {
    if (c.height() != height + 1) {
      throw new IllegalStateException("cannot commit height " + c.height() + ": the store is at height " + height);
    }
    byte[] hk = Keys.height(c.height());
    enter();
    SerializedWriteBatch batch = new SerializedWriteBatch();
    try {
      batch.put(blocks, hk, c.blockBytes());
      batch.put(headers, hk, c.headerBytes());
      batch.put(hashes, hk, c.blockHash());
      for (BlockCommit.TxEntry t : c.transactions()) {
        batch.put(transactions, t.id(), Keys.txRecord(c.height(), t.index(), t.bytes()));
      }
      for (BlockCommit.StateWrite w : c.stateWrites()) {
        if (w.value() == null) {
          batch.delete(state, w.key());
        } else {
          batch.put(state, w.key(), w.value());
        }
      }
      for (BlockCommit.LogNodeWrite n : c.logNodes()) {
        batch.put(logNodes, Keys.logNode(n.level(), n.index()), n.hash());
      }
      for (BlockCommit.StateWrite w : c.treeWrites()) {
        if (w.value() == null) {
          batch.delete(stateTree, w.key());
        } else {
          batch.put(stateTree, w.key(), w.value());
        }
      }
      for (var e : c.meta().entrySet()) {
        batch.put(meta, e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue());
      }
      batch.put(meta, HEIGHT, hk);
      try (WriteBatch written = batch.toWriteBatch()) {
        db.write(syncWrite, written);
      }
      height = c.height();
    } catch (RocksDBException e) {
      // RocksDB's words name the file (a full disk: "While appending to file: …/000004.log: No space
      // left on device"); the folder is said too, so the operator knows which store to make room for.
      throw new IllegalStateException("the ledger store at " + dir + ": commit of height " + c.height() + " failed: "
          + e.getMessage(), e);
    } finally {
      leave();
    }
  }

  @Override
  public synchronized void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    syncWrite.close();
    dbOptions.close();
    cfOptions.forEach(ColumnFamilyOptions::close);
  }
}
