package org.medledger.node.ledger;

/** The state tree of a height older than the configured retention is no longer kept. */
public final class StatePrunedException extends RuntimeException {
  private final long height;

  public StatePrunedException(long height) {
    super("the state tree at height " + height + " is pruned (older than this node's retention)");
    this.height = height;
  }

  public long height() {
    return height;
  }
}
