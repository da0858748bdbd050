package org.medledger.storage;

import java.util.Arrays;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;

/**
 * Builds a RocksDB write batch in its serialized form (RocksDB's {@code write_batch.cc}: a
 * 12-byte header of sequence and count, then one record per operation) and hands it over in a
 * single native call. A block writes tens of thousands of state-tree nodes; one JNI call and
 * copy per {@code WriteBatch.put} cost more than the rest of building the batch.
 */
final class SerializedWriteBatch {
  private static final int HEADER = 12;
  private static final byte TYPE_CF_DELETION = 0x4;
  private static final byte TYPE_CF_VALUE = 0x5;

  private byte[] buf = new byte[1 << 16];
  private int size = HEADER;
  private int count;

  void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
    ensure(1 + 5 + 5 + key.length + 5 + value.length);
    buf[size++] = TYPE_CF_VALUE;
    varint(family.getID());
    bytes(key);
    bytes(value);
    count++;
  }

  void delete(ColumnFamilyHandle family, byte[] key) {
    ensure(1 + 5 + 5 + key.length);
    buf[size++] = TYPE_CF_DELETION;
    varint(family.getID());
    bytes(key);
    count++;
  }

  int count() {
    return count;
  }

  /** The batch RocksDB parses from these bytes; the caller closes it. */
  WriteBatch toWriteBatch() {
    // Sequence (bytes 0..7) stays 0: the database assigns it on write.
    buf[8] = (byte) count;
    buf[9] = (byte) (count >>> 8);
    buf[10] = (byte) (count >>> 16);
    buf[11] = (byte) (count >>> 24);
    return new WriteBatch(Arrays.copyOf(buf, size));
  }

  private void bytes(byte[] b) {
    varint(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  private void varint(int v) {
    while ((v & ~0x7f) != 0) {
      buf[size++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      long want = Math.max((long) buf.length * 2, (long) size + more);
      if (want > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("a block's write batch would exceed 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }
}
