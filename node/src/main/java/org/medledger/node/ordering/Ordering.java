package org.medledger.node.ordering;

/** Turns admitted transactions into committed blocks: one validator alone, or the BFT network. */
public interface Ordering extends AutoCloseable {
  void start();

  /** False once ordering stopped on an error it cannot recover from (health reports it). */
  boolean isRunning();

  void addListener(CommitListener listener);

  @Override
  void close() throws InterruptedException;
}
