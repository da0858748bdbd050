package org.medledger.node.refusals;

import org.medledger.crypto.Hash;

/**
 * The refusal log's chain walked from its oldest kept entry to its head: whether every entry names
 * the hash of the one before it (the oldest kept names the {@code anchor}, the hash of the last
 * entry retention dropped, zero before any was), the numbers run without a gap, and the last
 * entry is the head the log recorded. {@code problem} names the first break found.
 */
public record ChainCheck(boolean intact, long entries, long first, long last, Hash head, Hash anchor, String problem) {
  static ChainCheck broken(long entries, long first, long last, Hash head, Hash anchor, String problem) {
    return new ChainCheck(false, entries, first, last, head, anchor, problem);
  }
}
