package org.medledger.consensus;

import org.medledger.core.block.CommitCertificate;
import org.medledger.crypto.Hash;

/**
 * All the engine knows of blocks (after Besu's QbftBlockchain / QbftBlockValidator): the engine
 * orders opaque values by id; the node builds, checks and commits the blocks behind them. The
 * simulator drives the unchanged engine with its own implementation.
 */
public interface ConsensusApplication {
  /** A new value (encoded block) for this height, proposed by this validator. */
  byte[] propose(long height, int round);

  /** The value's id (block hash); must be the same on every node. */
  Hash idOf(byte[] value);

  /** Whether the value is a valid block at this height (Algorithm 1's valid(v)). */
  boolean isValid(long height, byte[] value);

  /**
   * Whether there is anything to order at this height. While there is not, a new height waits
   * (no proposal, no timers) until {@link ConsensusEngine#onWork} or another validator's message
   * for the height: no empty blocks while the network is idle.
   */
  default boolean hasWork(long height) {
    return true;
  }

  /** The value is decided at this height; the certificate holds 2f+1 precommit seals. */
  void commit(long height, int round, byte[] value, Hash id, CommitCertificate certificate);
}
