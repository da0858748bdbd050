package org.medledger.storage;

import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The node's durable ledger: blocks, signed headers, a transaction index, contract state and the
 * transaction log's subtree hashes. Byte-level: the node encodes and decodes.
 *
 * <p>Atomicity: {@link #commit} writes a whole block (block, header, hash, transactions, state
 * changes, log nodes, meta values and the new height) in one synced batch, so after a crash at
 * any moment the store holds blocks 0..h exactly and nothing of h+1. One writer; any number of
 * concurrent readers.
 *
 * <p>Keys: heights and log indexes are fixed-width big-endian, so iteration is in numeric order;
 * state keys are compared as unsigned bytes.
 */
public interface LedgerStore extends AutoCloseable {
  /** Height of the last committed block, or -1 when the store is empty. */
  long height();

  Optional<byte[]> block(long height);

  /** The encoded signed header (header and commit certificate) at that height. */
  Optional<byte[]> header(long height);

  Optional<byte[]> blockHash(long height);

  Optional<TxLocation> transaction(byte[] txId);

  Optional<byte[]> transactionBytes(byte[] txId);

  /** Current value of a state key. */
  Optional<byte[]> state(byte[] key);

  /** Visits state keys starting with {@code prefix} in unsigned byte order until the visitor says stop. */
  void scanState(byte[] prefix, BiPredicate<byte[], byte[]> visitor);

  /** A record of the authenticated state tree (see {@link BlockCommit#treeWrites()}). */
  Optional<byte[]> stateTree(byte[] key);

  /** Visits state-tree records from {@code from} (inclusive) in unsigned byte order until the visitor says stop. */
  void scanStateTree(byte[] from, BiPredicate<byte[], byte[]> visitor);

  /** A stored complete-subtree hash of the transaction log; IllegalStateException when absent. */
  byte[] logNode(int level, long index);

  Optional<byte[]> meta(String name);

  /** Commits the next block; IllegalStateException (and nothing written) unless height = height()+1. */
  void commit(BlockCommit commit);

  @Override
  void close();
}
