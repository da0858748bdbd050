package org.medledger.core.runtime;

import java.util.function.BiPredicate;

/** Read access to committed state. Keys are full keys: contract namespace, 0x00, contract key. */
public interface StateReader {
  /** The value, or null when the key is absent. */
  byte[] get(byte[] key);

  /**
   * Visits keys starting with {@code prefix} in unsigned byte order until the visitor returns
   * false.
   */
  void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor);
}
