package org.medledger.it.golden;

import java.util.List;
import java.util.Objects;
import org.medledger.crypto.Hash;

/**
 * One recorded block: its canonical encoding as committed (header with height, time, proposer and
 * roots; commit certificate; signed transactions), the hash, state root and log root it had, and
 * each transaction's result in order.
 */
public record GoldenBlock(long height, Hash blockHash, Hash stateRoot, Hash logRoot, byte[] bytes, List<GoldenTx> txs) {
  public GoldenBlock {
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(logRoot, "logRoot");
    bytes = bytes.clone();
    txs = List.copyOf(txs);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public GoldenBlock withTx(int index, GoldenTx tx) {
    var changed = new java.util.ArrayList<>(txs);
    changed.set(index, tx);
    return new GoldenBlock(height, blockHash, stateRoot, logRoot, bytes, changed);
  }

  public GoldenBlock withStateRoot(Hash root) {
    return new GoldenBlock(height, blockHash, root, logRoot, bytes, txs);
  }
}
