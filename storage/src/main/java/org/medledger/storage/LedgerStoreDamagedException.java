package org.medledger.storage;

import java.nio.file.Path;

/**
 * The ledger store's files on disk are damaged or missing (a log, a manifest, a table file): the
 * message names the folder, RocksDB's finding (which names the file) and how to recover.
 */
public final class LedgerStoreDamagedException extends IllegalStateException {
  private final transient Path folder;

  public LedgerStoreDamagedException(Path folder, String message, Throwable cause) {
    super(message, cause);
    this.folder = folder;
  }

  /** The store's folder, the one to move aside or restore. */
  public Path folder() {
    return folder;
  }
}
