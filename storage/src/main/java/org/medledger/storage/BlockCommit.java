package org.medledger.storage;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one block changes, written by {@link LedgerStore#commit} as a single atomic, synced
 * batch: either all of it is on disk after a crash, or none of it.
 *
 * @param headerBytes the encoded signed header (header and commit certificate)
 * @param meta small named values kept with the block (e.g. the log frontier)
 * @param treeWrites writes to the authenticated state tree's records (nodes, roots, stale index);
 *     a null value deletes the key
 */
public record BlockCommit(
    long height, byte[] blockHash, byte[] headerBytes, byte[] blockBytes, List<TxEntry> transactions,
    List<StateWrite> stateWrites, List<LogNodeWrite> logNodes, Map<String, byte[]> meta, List<StateWrite> treeWrites) {

  public BlockCommit {
    if (height < 0) {
      throw new IllegalArgumentException("height must not be negative");
    }
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(headerBytes, "headerBytes");
    Objects.requireNonNull(blockBytes, "blockBytes");
    transactions = List.copyOf(transactions);
    stateWrites = List.copyOf(stateWrites);
    logNodes = List.copyOf(logNodes);
    meta = new TreeMap<>(meta);
    treeWrites = List.copyOf(treeWrites);
  }

  /** A block that leaves the state tree's records as they are. */
  public BlockCommit(long height, byte[] blockHash, byte[] headerBytes, byte[] blockBytes, List<TxEntry> transactions,
      List<StateWrite> stateWrites, List<LogNodeWrite> logNodes, Map<String, byte[]> meta) {
    this(height, blockHash, headerBytes, blockBytes, transactions, stateWrites, logNodes, meta, List.of());
  }

  /** A committed transaction: its id, position in the block and encoded bytes. */
  public record TxEntry(byte[] id, int index, byte[] bytes) {
    public TxEntry {
      Objects.requireNonNull(id, "tx id");
      Objects.requireNonNull(bytes, "tx bytes");
    }
  }

  /** A state change; a null value deletes the key. */
  public record StateWrite(byte[] key, byte[] value) {
    public StateWrite {
      Objects.requireNonNull(key, "state key");
    }
  }

  /** An RFC 9162 complete-subtree hash of the transaction log. */
  public record LogNodeWrite(int level, long index, byte[] hash) {
    public LogNodeWrite {
      Objects.requireNonNull(hash, "log node hash");
      if (level < 0 || level > 63 || index < 0) {
        throw new IllegalArgumentException("log node (" + level + ", " + index + ") out of range");
      }
    }
  }
}
