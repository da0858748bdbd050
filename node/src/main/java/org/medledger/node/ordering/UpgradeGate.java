package org.medledger.node.ordering;

import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.core.governance.ProtocolUpgrades;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.Release;

/**
 * Whether this node's release may execute a height: not when the genesis starts the chain at a
 * protocol version it does not run (from height 1: it never starts), nor once a passed upgrade
 * requires one. Every path that executes a block (the consensus engine, block sync, start-up)
 * asks before the height, reading the committed state, so an old release finishes block H − 1
 * and goes no further; a release that runs the version continues.
 */
public final class UpgradeGate {
  private final Release release;
  private final int startingVersion;
  private final Supplier<StateReader> committedState;

  /**
   * @param startingVersion the protocol version the genesis starts the chain at
   * @param committedState the state after the ledger's head (which holds every upgrade binding at the next height)
   */
  public UpgradeGate(Release release, int startingVersion, Supplier<StateReader> committedState) {
    this.release = release;
    this.startingVersion = startingVersion;
    this.committedState = committedState;
  }

  /**
   * Why {@code release} must not run a chain its genesis starts at {@code startingVersion}: it runs
   * no version that late, so it executes no block at all. Empty when it runs it.
   */
  public static Optional<UpgradeRequiredException> startRefusal(Release release, int startingVersion) {
    if (startingVersion <= release.protocolVersion()) {
      return Optional.empty();
    }
    return Optional.of(new UpgradeRequiredException("upgrade required: the genesis starts this chain at protocol"
        + " version " + startingVersion + " (its 'protocolVersion'), and this release (" + release.describe()
        + ") runs protocol versions 1 to " + release.protocolVersion() + ", so this node executes no block."
        + " Install a release that runs protocol version " + startingVersion + " and start the node again"
        + " (docs/governance.md, Upgrades)", startingVersion, 1));
  }

  /** Why this release must not execute {@code height}, naming the version needed and the height; empty when it may. */
  public Optional<UpgradeRequiredException> refusalAt(long height) {
    Optional<UpgradeRequiredException> start = startRefusal(release, startingVersion);
    if (start.isPresent()) {
      return start;
    }
    return ProtocolUpgrades.firstBeyond(committedState.get(), release.protocolVersion())
        .filter(u -> u.height() <= height)
        .map(u -> new UpgradeRequiredException("upgrade required: the consortium's upgrade (proposal " + u.proposal()
            + ") requires protocol version " + u.protocolVersion() + " from height " + u.height() + ", and this release ("
            + release.describe() + ") does not run it, so this node executes no block from height " + u.height()
            + " on. Install a release that runs protocol version " + u.protocolVersion() + " and start the node again"
            + " (docs/governance.md, Upgrades)", u.protocolVersion(), u.height()));
  }

  /** The protocol version the chain runs at {@code height}: the genesis's, or the latest upgrade's bound by then. */
  public int versionAt(long height) {
    return ProtocolUpgrades.versionAt(startingVersion, committedState.get(), height);
  }

  public Release release() {
    return release;
  }
}
