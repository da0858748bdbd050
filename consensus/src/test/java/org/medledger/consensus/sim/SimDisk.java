package org.medledger.consensus.sim;

import org.medledger.consensus.EngineState;

/**
 * One simulated validator's consensus write-ahead state on disk (node/bft/EngineStateFile): each
 * save replaces the state atomically, so a process that dies in the middle of one (a torn write)
 * leaves either the previous state or the new one; the disk can fail (every save throws until it
 * is repaired), and the saved bytes can rot (the state is then there but unreadable).
 */
final class SimDisk {
  /** The process died inside a save; the engine never returns from it. */
  static final class CrashedMidWrite extends RuntimeException {
    CrashedMidWrite() {
      super("crashed while saving (simulated)");
    }
  }

  /** What a restarting validator finds: a closed set. */
  sealed interface Found permits Nothing, Readable, Unreadable {}

  record Nothing() implements Found {}

  record Readable(EngineState state) implements Found {}

  record Unreadable(String problem) implements Found {}

  private EngineState saved;
  private boolean corrupt;
  /** Every save throws while the disk has failed (disk full, I/O error). */
  boolean failed;
  /** The process dies in the next save; whether that save's rename landed is decided then. */
  boolean tearNextWrite;

  void store(EngineState state) {
    saved = state;
    corrupt = false;
  }

  void corrupt() {
    if (saved != null) {
      corrupt = true;
    }
  }

  /** The operator's recovery from an unreadable state (README, "Saved consensus state"): the folder moved aside. */
  void moveAside() {
    saved = null;
    corrupt = false;
  }

  Found load() {
    if (saved == null) {
      return new Nothing();
    }
    if (corrupt) {
      return new Unreadable("the saved state of height " + saved.height() + " is corrupt");
    }
    return new Readable(saved);
  }
}
