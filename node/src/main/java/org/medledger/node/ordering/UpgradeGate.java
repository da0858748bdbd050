package org.medledger.node.ordering;

import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.core.governance.ProtocolUpgrades;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.Release;

/**
 * Whether this node's release may execute a height: not once a passed upgrade requires a
 * protocol version it does not run. Every path that executes a block (the consensus engine,
 * block sync, start-up) asks before the height, reading the committed state, so an old release
 * finishes block H − 1 and goes no further; a release that runs the version continues.
 */
public final class UpgradeGate {
  private final Release release;
  private final Supplier<StateReader> committedState;

  /** {@code committedState}: the state after the ledger's head (which holds every upgrade binding at the next height). */
  public UpgradeGate(Release release, Supplier<StateReader> committedState) {
    this.release = release;
    this.committedState = committedState;
  }

  /** Why this release must not execute {@code height}, naming the version needed and the height; empty when it may. */
  public Optional<UpgradeRequiredException> refusalAt(long height) {
    return ProtocolUpgrades.firstBeyond(committedState.get(), release.protocolVersion())
        .filter(u -> u.height() <= height)
        .map(u -> new UpgradeRequiredException("upgrade required: the consortium's upgrade (proposal " + u.proposal()
            + ") requires protocol version " + u.protocolVersion() + " from height " + u.height() + ", and this release ("
            + release.describe() + ") does not run it, so this node executes no block from height " + u.height()
            + " on. Install a release that runs protocol version " + u.protocolVersion() + " and start the node again"
            + " (docs/governance.md, Upgrades)", u.protocolVersion(), u.height()));
  }

  public Release release() {
    return release;
  }
}
