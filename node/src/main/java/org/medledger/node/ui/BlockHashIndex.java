package org.medledger.node.ui;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.medledger.crypto.Hash;
import org.medledger.node.ledger.Ledger;

/**
 * Block heights by block hash, for the explorer's search: the store indexes blocks by height
 * only, so this index is built in memory from the headers on the first search by hash and
 * extended to the head on each later one (32 bytes and a height per block).
 */
final class BlockHashIndex {
  private final Ledger ledger;
  private final Map<Hash, Long> heights = new HashMap<>();
  private long indexedTo = -1;

  BlockHashIndex(Ledger ledger) {
    this.ledger = ledger;
  }

  synchronized Optional<Long> heightOf(Hash blockHash) {
    long head = ledger.height();
    for (long h = indexedTo + 1; h <= head; h++) {
      var header = ledger.signedHeader(h).orElseThrow().header();
      heights.put(header.hash(ledger.hashFunction()), h);
      indexedTo = h;
    }
    return Optional.ofNullable(heights.get(blockHash));
  }
}
