package org.medledger.node.bft;

import java.nio.file.Path;

/**
 * The validator's saved consensus state (its votes and lock at the height it was deciding) is
 * there but cannot be read. Starting without it could make this validator sign a second,
 * different vote for a step it already voted at, so the node refuses to start. The message names
 * the file; README.md ("Saved consensus state") gives the recovery.
 */
public final class UnreadableConsensusStateException extends RuntimeException {
  private final Path file;

  UnreadableConsensusStateException(Path file, String problem, Throwable cause) {
    super("the saved consensus state " + file + " " + problem + "; this validator refuses to start rather than vote "
        + "again without its earlier votes (recovery: README.md, \"Saved consensus state\")", cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
