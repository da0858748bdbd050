package org.medledger.core.runtime;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/** Committed state held in a sorted map, for contract tests. */
public final class InMemoryState implements StateReader {
  private final TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);

  @Override
  public byte[] get(byte[] key) {
    return map.get(key);
  }

  @Override
  public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    for (Map.Entry<byte[], byte[]> e : map.tailMap(prefix, true).entrySet()) {
      if (!WriteSet.startsWith(e.getKey(), prefix) || !visitor.test(e.getKey(), e.getValue())) {
        return;
      }
    }
  }

  public void apply(WriteSet writes) {
    writes.forEach((k, v) -> {
      if (v == null) {
        map.remove(k);
      } else {
        map.put(k, v);
      }
    });
  }

  public int size() {
    return map.size();
  }
}
