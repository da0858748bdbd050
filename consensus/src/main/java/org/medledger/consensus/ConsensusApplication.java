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

  /**
   * Whether the value is a valid block at this height (Algorithm 1's valid(v)). Must not depend
   * on this node's clock: the engine caches the answer for the height, and a value that 2f+1
   * validators precommitted must stay decidable here whatever this clock says.
   */
  boolean isValid(long height, byte[] value);

  /**
   * Whether a fresh proposal's time is acceptable to this node's clock. Asked only before
   * prevoting for a proposal with validRound -1 (Algorithm 1 line 22), never cached, never for a
   * re-proposal or a decision (as CometBFT's proposer-based timestamps): a node whose clock lags
   * must still be able to lock on and decide a value others found timely.
   */
  default boolean isTimely(long height, byte[] value) {
    return true;
  }

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
