package org.medledger.crypto.smt;

/** A tree node the walk needs is not stored: the version asked for was pruned, or the store is damaged. */
public final class MissingNodeException extends RuntimeException {
  private final NodeKey key;

  public MissingNodeException(NodeKey key) {
    super("state tree node " + key + " is not stored (pruned, or the store is damaged)");
    this.key = key;
  }

  public NodeKey key() {
    return key;
  }
}
