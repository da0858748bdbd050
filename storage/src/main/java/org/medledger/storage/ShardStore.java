package org.medledger.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A node's vault shards on disk, in their own RocksDB folder beside the ledger's: key = record
 * hash (32 bytes) ‖ u16 shard index, value = the shard. Kept apart from the ledger store so that
 * erasing a patient's content never touches the chain. Erasure is physical: the shards are
 * deleted, the memtable flushed (so the write-ahead log that held them is retired) and the
 * record's key range compacted down to the last level, so no live file keeps their bytes.
 */
public final class ShardStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final int HASH = 32;
  private final RocksDB db;
  private final Options options;
  private final WriteOptions syncWrite = new WriteOptions().setSync(true);

  private ShardStore(RocksDB db, Options options) {
    this.db = db;
    this.options = options;
  }

  public static ShardStore open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create shard folder " + dir + ": " + e.getMessage(), e);
    }
    // Shards are ciphertext: compressing them costs CPU and saves nothing.
    Options options = new Options().setCreateIfMissing(true).setParanoidChecks(true)
        .setCompressionType(org.rocksdb.CompressionType.NO_COMPRESSION)
        .setBottommostCompressionType(org.rocksdb.CompressionType.NO_COMPRESSION);
    try {
      return new ShardStore(RocksDB.open(options, dir.toString()), options);
    } catch (RocksDBException e) {
      options.close();
      String msg = String.valueOf(e.getMessage());
      throw new IllegalStateException(msg.contains("lock") ? "shard folder " + dir + " is in use by another process"
          : "cannot open shard store at " + dir + ": " + msg, e);
    }
  }

  private static byte[] key(byte[] recordHash, int index) {
    if (recordHash.length != HASH) {
      throw new IllegalArgumentException("a record hash is 32 bytes, got " + recordHash.length);
    }
    if (index < 0 || index > 0xffff) {
      throw new IllegalArgumentException("shard index " + index + " is out of range");
    }
    byte[] k = Arrays.copyOf(recordHash, HASH + 2);
    k[HASH] = (byte) (index >>> 8);
    k[HASH + 1] = (byte) index;
    return k;
  }

  /** Stores one shard durably (synced) before returning. */
  public void put(byte[] recordHash, int index, byte[] shard) {
    try {
      db.put(syncWrite, key(recordHash, index), shard);
    } catch (RocksDBException e) {
      throw new IllegalStateException("storing shard " + index + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Stores one shard and the record's data key wrapped for each reader in {@code wrappedKeys}
   * in one synced batch: all of them or none.
   */
  public void putWithKeys(byte[] recordHash, int index, byte[] shard, java.util.Map<String, byte[]> wrappedKeys) {
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(key(recordHash, index), shard);
      for (var k : wrappedKeys.entrySet()) {
        batch.put(wrappedKeyKey(recordHash, k.getKey()), k.getValue());
      }
      db.write(syncWrite, batch);
    } catch (RocksDBException e) {
      throw new IllegalStateException("storing shard " + index + " and its keys failed: " + e.getMessage(), e);
    }
  }

  public Optional<byte[]> get(byte[] recordHash, int index) {
    try {
      return Optional.ofNullable(db.get(key(recordHash, index)));
    } catch (RocksDBException e) {
      throw new IllegalStateException("reading shard " + index + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Keeps a record's data key wrapped for {@code reader} (synced). Such entries sort after every
   * shard of the record ({@code record ‖ 0xFFFF ‖ reader}), so erasing the record takes them too.
   */
  public void putWrappedKey(byte[] recordHash, String reader, byte[] wrapped) {
    try {
      db.put(syncWrite, wrappedKeyKey(recordHash, reader), wrapped);
    } catch (RocksDBException e) {
      throw new IllegalStateException("storing a wrapped key failed: " + e.getMessage(), e);
    }
  }

  public Optional<byte[]> wrappedKey(byte[] recordHash, String reader) {
    try {
      return Optional.ofNullable(db.get(wrappedKeyKey(recordHash, reader)));
    } catch (RocksDBException e) {
      throw new IllegalStateException("reading a wrapped key failed: " + e.getMessage(), e);
    }
  }

  private static byte[] wrappedKeyKey(byte[] recordHash, String reader) {
    byte[] r = reader.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] k = Arrays.copyOf(key(recordHash, 0xffff), HASH + 2 + r.length);
    System.arraycopy(r, 0, k, HASH + 2, r.length);
    return k;
  }

  /** The indexes of the shards of a record this node holds, ascending. */
  public List<Integer> indexes(byte[] recordHash) {
    List<Integer> out = new ArrayList<>();
    byte[] from = key(recordHash, 0);
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(from); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length != HASH + 2 || !Arrays.equals(k, 0, HASH, recordHash, 0, HASH)) {
          break;
        }
        out.add(((k[HASH] & 0xff) << 8) | (k[HASH + 1] & 0xff));
      }
    }
    return out;
  }

  /**
   * Destroys every shard of a record held here, physically (see the class comment); returns how
   * many there were.
   */
  public int erase(byte[] recordHash) {
    List<Integer> held = indexes(recordHash);
    byte[] from = key(recordHash, 0);
    // Past every shard and every wrapped key of the record: the next record hash.
    byte[] to = next(recordHash);
    try (WriteBatch batch = new WriteBatch();
         FlushOptions flush = new FlushOptions().setWaitForFlush(true);
         CompactRangeOptions compact = new CompactRangeOptions()
             .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)
             .setExclusiveManualCompaction(true)) {
      for (int i : held) {
        batch.delete(key(recordHash, i));
      }
      batch.deleteRange(key(recordHash, 0xffff), to);
      db.write(syncWrite, batch);
      db.flush(flush);
      db.compactRange(db.getDefaultColumnFamily(), from, to, compact);
    } catch (RocksDBException e) {
      throw new IllegalStateException("erasing the shards of a record failed: " + e.getMessage(), e);
    }
    return held.size();
  }

  private static byte[] next(byte[] recordHash) {
    byte[] n = recordHash.clone();
    for (int i = n.length - 1; i >= 0; i--) {
      if (++n[i] != 0) {
        return n;
      }
    }
    return Arrays.copyOf(recordHash, HASH + 3 + 64);
  }

  @Override
  public void close() {
    db.close();
    syncWrite.close();
    options.close();
  }
}
