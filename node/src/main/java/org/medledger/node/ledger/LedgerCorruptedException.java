package org.medledger.node.ledger;

/** The store on disk does not form a valid chain; the message names the first bad height. */
public final class LedgerCorruptedException extends RuntimeException {
  private final long height;

  public LedgerCorruptedException(long height, String message) {
    super("ledger store is corrupt or was tampered with at height " + height + ": " + message);
    this.height = height;
  }

  public long height() {
    return height;
  }
}
