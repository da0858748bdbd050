package org.medledger.storage;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A node's vault shards and wrapped data keys, in their own folder beside the ledger's.
 *
 * <p>Each shard is a file, {@code files/<first byte of the record hash, hex>/<record hash hex>-<index>},
 * written to a temporary name, synced, renamed into place and its folder synced. Shards went into
 * RocksDB before: every shard byte was then written three to four times (write-ahead log, memtable
 * flush, compactions), and on two cores those page-cache copies were a third of the CPU a store
 * took. A shard is written once, read whole and never updated, so a file is all it needs; the
 * hash on the ledger, not a checksum here, says whether it is intact.
 *
 * <p>Wrapped keys (a few hundred bytes each) stay in RocksDB under {@code record hash ‖ 0xFFFF ‖
 * reader}. Erasure is physical: a shard file is overwritten with zeros, synced and unlinked; the
 * keys are deleted, the memtable flushed (retiring the write-ahead log that held them) and the
 * record's key range compacted to the last level, so no live file keeps their bytes.
 */
public final class ShardStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final int HASH = 32;
  private static final String TEMPORARY = ".partial";
  private final RocksDB db;
  private final Options options;
  private final Path files;
  private final WriteOptions syncWrite = new WriteOptions().setSync(true);

  private ShardStore(RocksDB db, Options options, Path files) {
    this.db = db;
    this.options = options;
    this.files = files;
  }

  public static ShardStore open(Path dir) {
    Path files = dir.resolve("files");
    try {
      Files.createDirectories(files);
      removePartialWrites(files);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot prepare shard folder " + dir + ": " + e.getMessage(), e);
    }
    Options options = new Options().setCreateIfMissing(true).setParanoidChecks(true);
    try {
      return new ShardStore(RocksDB.open(options, dir.toString()), options, files);
    } catch (RocksDBException e) {
      options.close();
      String msg = String.valueOf(e.getMessage());
      throw new IllegalStateException(RocksLock.heldElsewhere(msg) ? "shard folder " + dir + " is in use by another process"
          : "cannot open shard store at " + dir + ": " + msg, e);
    }
  }

  /** A shard being written when the process died never got its name: its bytes are zeroed and it is dropped. */
  private static void removePartialWrites(Path files) throws java.io.IOException {
    try (var buckets = Files.newDirectoryStream(files)) {
      for (Path bucket : buckets) {
        try (var inBucket = Files.newDirectoryStream(bucket, "*" + TEMPORARY + "*")) {
          for (Path partial : inBucket) {
            shred(partial);
          }
        }
      }
    }
  }

  private Path bucket(byte[] recordHash) {
    return files.resolve(String.format("%02x", recordHash[0] & 0xff));
  }

  private Path shardFile(byte[] recordHash, int index) {
    key(recordHash, index); // checks both
    return bucket(recordHash).resolve(hex(recordHash) + "-" + index);
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder(b.length * 2);
    for (byte x : b) {
      s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return s.toString();
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

  /** Stores one shard durably (synced, named, its folder synced) before returning. */
  public void put(byte[] recordHash, int index, byte[] shard) {
    Path target = shardFile(recordHash, index);
    Path partial = target.resolveSibling(target.getFileName() + TEMPORARY + Thread.currentThread().getId());
    try {
      Files.createDirectories(target.getParent());
      write(partial, shard);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncFolder(target.getParent());
    } catch (java.io.IOException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (java.io.IOException ignored) {
        // the next open removes it
      }
      throw new IllegalStateException("storing shard " + index + " at " + target + " failed: " + e.getMessage(), e);
    }
  }

  private static final int CHUNK = 256 * 1024;
  private static final int ALIGN = 4096;
  private static final ThreadLocal<ByteBuffer> ALIGNED = ThreadLocal.withInitial(
      () -> ByteBuffer.allocateDirect(CHUNK + ALIGN).alignedSlice(ALIGN));
  /** Cleared the first time a file system refuses O_DIRECT (tmpfs, some overlays). */
  private static volatile boolean direct = !Boolean.getBoolean("medledger.shards.buffered");

  /**
   * Writes {@code bytes} to a new file and syncs it. Straight to the device (O_DIRECT) where the
   * file system allows: through the page cache, copying a shard into it cost more CPU than
   * everything else a holder does with it on this kind of machine, and nobody reads it soon.
   */
  /** For tests: whether shards are written with O_DIRECT (where the file system allows) or through the page cache. */
  static void writeDirect(boolean yes) {
    direct = yes;
  }

  private static void write(Path file, byte[] bytes) throws java.io.IOException {
    if (direct) {
      FileChannel out;
      try {
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
            com.sun.nio.file.ExtendedOpenOption.DIRECT);
      } catch (UnsupportedOperationException | java.io.IOException e) {
        if (e instanceof java.io.IOException && !String.valueOf(e.getMessage()).contains("Invalid argument")) {
          throw (java.io.IOException) e; // a real failure (no space, no permission), not a file system without O_DIRECT
        }
        direct = false;
        write(file, bytes);
        return;
      }
      try (out) {
        writeAligned(out, bytes);
      } catch (java.io.IOException e) {
        if (!String.valueOf(e.getMessage()).contains("Invalid argument")) {
          throw e;
        }
        direct = false; // opened, but the device wants another alignment: the page cache it is
        write(file, bytes);
      }
      return;
    }
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      // in pieces: a heap buffer is copied to a temporary direct one of its full size per thread otherwise
      for (int from = 0; from < bytes.length; from += CHUNK) {
        ByteBuffer b = ByteBuffer.wrap(bytes, from, Math.min(CHUNK, bytes.length - from));
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      out.force(false);
    }
  }

  private static void writeAligned(FileChannel out, byte[] bytes) throws java.io.IOException {
    ByteBuffer buffer = ALIGNED.get();
    long at = 0;
    for (int from = 0; from < bytes.length; from += CHUNK) {
      int n = Math.min(CHUNK, bytes.length - from);
      int padded = (n + ALIGN - 1) / ALIGN * ALIGN; // only the last chunk is short; the file is cut back below
      buffer.clear();
      buffer.put(bytes, from, n);
      while (buffer.position() < padded) {
        buffer.put((byte) 0);
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        at += out.write(buffer, at);
      }
    }
    out.truncate(bytes.length);
    out.force(false); // fdatasync: the data and what reading it needs (size, blocks), not the times
  }

  /** A rename is durable only once the folder that holds the name is synced. */
  private static void syncFolder(Path folder) throws java.io.IOException {
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /**
   * Stores one shard and the record's data key wrapped for each reader in {@code wrappedKeys}
   * (the shard first, then the keys in one synced batch), all durable before returning.
   */
  public void putWithKeys(byte[] recordHash, int index, byte[] shard, java.util.Map<String, byte[]> wrappedKeys) {
    put(recordHash, index, shard);
    if (wrappedKeys.isEmpty()) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (var k : wrappedKeys.entrySet()) {
        batch.put(wrappedKeyKey(recordHash, k.getKey()), k.getValue());
      }
      db.write(syncWrite, batch);
    } catch (RocksDBException e) {
      throw new IllegalStateException("storing the keys of shard " + index + " failed: " + e.getMessage(), e);
    }
  }

  public Optional<byte[]> get(byte[] recordHash, int index) {
    try {
      return Optional.of(Files.readAllBytes(shardFile(recordHash, index)));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (java.io.IOException e) {
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
    key(recordHash, 0);
    String prefix = hex(recordHash) + "-";
    List<Integer> out = new ArrayList<>();
    Path bucket = bucket(recordHash);
    if (!Files.isDirectory(bucket)) {
      return out;
    }
    try (var named = Files.newDirectoryStream(bucket, prefix + "*")) {
      for (Path f : named) {
        String rest = f.getFileName().toString().substring(prefix.length());
        if (rest.chars().allMatch(Character::isDigit) && !rest.isEmpty()) {
          out.add(Integer.parseInt(rest));
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("listing the shards of a record failed: " + e.getMessage(), e);
    }
    java.util.Collections.sort(out);
    return out;
  }

  /** Whether this store holds shard {@code index} of the record (without reading it). */
  public boolean has(byte[] recordHash, int index) {
    return Files.exists(shardFile(recordHash, index));
  }

  /** Whether this store holds any shard or wrapped key of the record. */
  public boolean holdsAnythingOf(byte[] recordHash) {
    if (!indexes(recordHash).isEmpty()) {
      return true;
    }
    try (org.rocksdb.RocksIterator it = db.newIterator()) {
      it.seek(key(recordHash, 0));
      return it.isValid() && Arrays.equals(it.key(), 0, HASH, recordHash, 0, HASH);
    }
  }

  /** Overwrites a file with zeros, syncs it and unlinks it. */
  private static void shred(Path f) throws java.io.IOException {
    try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
      long size = c.size();
      ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(size, 1 << 20));
      for (long at = 0; at < size; ) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
        at += c.write(zeros, at);
      }
      c.force(false);
    }
    Files.deleteIfExists(f);
  }

  /**
   * Destroys every shard of a record held here, physically (see the class comment); returns how
   * many there were.
   */
  public int erase(byte[] recordHash) {
    return eraseAll(List.of(recordHash));
  }

  /**
   * As {@link #erase(byte[])} for several records (one patient's, say) at once: one synced
   * delete, one flush and one compaction over their span instead of one each.
   */
  public int eraseAll(List<byte[]> recordHashes) {
    if (recordHashes.isEmpty()) {
      return 0;
    }
    int shredded = 0;
    List<byte[]> sorted = new ArrayList<>(recordHashes);
    sorted.sort(Arrays::compareUnsigned);
    try {
      for (byte[] recordHash : sorted) {
        List<Integer> held = indexes(recordHash);
        for (int i : held) {
          shred(shardFile(recordHash, i));
        }
        if (!held.isEmpty()) {
          syncFolder(bucket(recordHash));
        }
        shredded += held.size();
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("erasing the shards of a record failed: " + e.getMessage(), e);
    }
    try (WriteBatch batch = new WriteBatch();
         FlushOptions flush = new FlushOptions().setWaitForFlush(true);
         CompactRangeOptions compact = new CompactRangeOptions()
             .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)
             .setExclusiveManualCompaction(true)) {
      for (byte[] recordHash : sorted) {
        // from the record's first possible key to the next record hash: every wrapped key of it
        batch.deleteRange(key(recordHash, 0), next(recordHash));
      }
      db.write(syncWrite, batch);
      db.flush(flush);
      db.compactRange(db.getDefaultColumnFamily(), key(sorted.get(0), 0), next(sorted.get(sorted.size() - 1)), compact);
    } catch (RocksDBException e) {
      throw new IllegalStateException("erasing the keys of a record failed: " + e.getMessage(), e);
    }
    return shredded;
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
