package org.medledger.it.golden;

import java.nio.file.Path;
import java.util.List;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;

/**
 * Blocks of crafted transactions, executed on top of the demo story's final state so that every
 * contract's refusals (and the successes the story does not reach) are pinned.
 */
final class CraftedBlocks {
  record Crafted(List<Transaction> txs, List<String> labels, long timestamp, Hash proposer) {}

  private final Path network;
  private final ReplayLedger ledger;

  CraftedBlocks(Path network, ReplayLedger ledger) {
    this.network = network;
    this.ledger = ledger;
  }

  List<Crafted> blocks() {
    return List.of();
  }
}
