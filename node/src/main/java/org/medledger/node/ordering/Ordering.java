package org.medledger.node.ordering;

/** Turns admitted transactions into committed blocks: one validator alone, or the BFT network. */
public interface Ordering extends AutoCloseable {
  void start();

  /** False once ordering stopped on an error it cannot recover from (health reports it). */
  boolean isRunning();

  void addListener(CommitListener listener);

  /** Why ordering stopped on its own (a failed commit, an upgrade this release does not run); null while it runs. */
  default String stoppedBecause() {
    return null;
  }

  /** The upgrade ordering stopped (or is stopping) for; null while this release runs the chain's protocol. */
  default UpgradeRequiredException upgradeRequired() {
    return null;
  }

  /** Told once, when ordering stops before a height this release may not execute (UpgradeGate). */
  default void onStoppedForUpgrade(java.util.function.Consumer<UpgradeRequiredException> listener) {}

  @Override
  void close() throws InterruptedException;
}
