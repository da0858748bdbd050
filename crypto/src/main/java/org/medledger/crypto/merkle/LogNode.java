package org.medledger.crypto.merkle;

/**
 * The hash of a complete subtree: at {@code level} l and {@code index} i it covers leaves
 * [i·2^l, (i+1)·2^l); level 0 holds the leaf hashes. This is how the log is persisted.
 */
public record LogNode(int level, long index, byte[] hash) {
  public LogNode {
    if (level < 0 || level > 63 || index < 0) {
      throw new IllegalArgumentException("log node (" + level + ", " + index + ") out of range");
    }
  }
}
