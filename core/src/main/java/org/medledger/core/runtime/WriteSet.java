package org.medledger.core.runtime;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Pending state changes layered over a reader, ordered by unsigned key bytes so every node
 * iterates them identically. A null value marks a deletion.
 */
public final class WriteSet implements StateReader {
  private static final byte[] TOMBSTONE = new byte[0];
  private final StateReader base;
  private final TreeMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);

  public WriteSet(StateReader base) {
    this.base = base;
  }

  @Override
  public byte[] get(byte[] key) {
    byte[] v = writes.get(key);
    if (v == null) {
      return base.get(key);
    }
    return v == TOMBSTONE ? null : v;
  }

  public void put(byte[] key, byte[] value) {
    writes.put(key.clone(), value.clone());
  }

  public void delete(byte[] key) {
    writes.put(key.clone(), TOMBSTONE);
  }

  /** Moves every change of {@code child} (layered over this set) into this set. */
  public void absorb(WriteSet child) {
    writes.putAll(child.writes);
  }

  public boolean isEmpty() {
    return writes.isEmpty();
  }

  public int size() {
    return writes.size();
  }

  /** Visits each change in key order; the value is null for a deletion. */
  public void forEach(java.util.function.BiConsumer<byte[], byte[]> visitor) {
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      visitor.accept(e.getKey(), e.getValue() == TOMBSTONE ? null : e.getValue());
    }
  }

  @Override
  public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    // Merge the base's keys with ours so a scan sees pending writes and deletions.
    TreeMap<byte[], byte[]> merged = new TreeMap<>(Arrays::compareUnsigned);
    base.scan(prefix, (k, v) -> {
      merged.put(k, v);
      return true;
    });
    NavigableMap<byte[], byte[]> mine = writes.tailMap(prefix, true);
    for (Map.Entry<byte[], byte[]> e : mine.entrySet()) {
      if (!startsWith(e.getKey(), prefix)) {
        break;
      }
      if (e.getValue() == TOMBSTONE) {
        merged.remove(e.getKey());
      } else {
        merged.put(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<byte[], byte[]> e : merged.entrySet()) {
      if (!visitor.test(e.getKey(), e.getValue())) {
        return;
      }
    }
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
