package org.medledger.node.ordering;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.medledger.core.block.Block;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/** Lets a submitter wait until its transaction is committed and learn its outcome. */
public final class CommitWaiters implements CommitListener {
  public record Committed(long height, TxOutcome outcome) {}

  private final ConcurrentHashMap<Hash, CompletableFuture<Committed>> waiting = new ConcurrentHashMap<>();

  public CompletableFuture<Committed> await(Hash txId) {
    return waiting.computeIfAbsent(txId, id -> new CompletableFuture<>());
  }

  public void forget(Hash txId) {
    waiting.remove(txId);
  }

  @Override
  public void committed(Block block, List<TxOutcome> outcomes) {
    if (waiting.isEmpty()) {
      return;
    }
    long height = block.header().height();
    for (TxOutcome o : outcomes) {
      CompletableFuture<Committed> f = waiting.remove(o.txId());
      if (f != null) {
        f.complete(new Committed(height, o));
      }
    }
  }
}
