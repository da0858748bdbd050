package org.medledger.storage;

/** Tells RocksDB's "another process holds this folder" apart from its other open errors. */
final class RocksLock {
  private RocksLock() {}

  /**
   * RocksDB says "While lock file: <dir>/LOCK: Resource temporarily unavailable" (or "lock hold by
   * current process"). Matching a bare "lock" also matched "block checksum mismatch", so a
   * corrupt table file was reported as a folder in use.
   */
  static boolean heldElsewhere(String rocksMessage) {
    return rocksMessage.contains("While lock file") || rocksMessage.contains("lock hold by");
  }
}
