package org.medledger.storage;

import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Records a node keeps for itself beside its ledger: outside consensus, in no block and no state
 * root, never sent to a peer (the node's refusal log). Byte-level, keyed by a prefix each user
 * owns; a {@link #write} applies all its puts and deletes at once or none.
 */
public interface NodeLocalStore {
  /** One put ({@code value} non-null) or delete ({@code value} null). */
  record Write(byte[] key, byte[] value) {
    public static Write put(byte[] key, byte[] value) {
      return new Write(key, java.util.Objects.requireNonNull(value, "value"));
    }

    public static Write delete(byte[] key) {
      return new Write(key, null);
    }
  }

  Optional<byte[]> get(byte[] key);

  /** Visits keys starting with {@code prefix}, from {@code from} (inclusive) in unsigned byte order, until the visitor says stop. */
  void scan(byte[] prefix, byte[] from, BiPredicate<byte[], byte[]> visitor);

  /** Applies every write atomically (RocksDB's write-ahead log, not synced per call). */
  void write(List<Write> writes);
}
