package org.medledger.crypto.merkle;

/** Reads persisted complete-subtree hashes (see {@link LogNode}). */
@FunctionalInterface
public interface LogNodeReader {
  /** The hash of the complete subtree at (level, index); throws if it was never stored. */
  byte[] node(int level, long index);
}
