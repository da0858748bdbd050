package org.medledger.node.bft;

import java.nio.file.Path;
import org.medledger.consensus.EngineState;

/** What a validator finds of its consensus state when it starts (see {@link EngineStateFile#load}). */
sealed interface SavedConsensusState {
  /** This validator never saved a vote with this data folder: it may vote from the next height. */
  record NeverSaved() implements SavedConsensusState {}

  /** The state it saved before its last message left: it resumes from there. */
  record Saved(EngineState state) implements SavedConsensusState {}

  /**
   * The state is gone, and the operator said so by creating {@code acknowledgement}: the
   * validator may have voted at any height up to its ledger's next one (or up to {@code
   * mayHaveVotedAt}, when the operator wrote a higher one there, e.g. after restoring the ledger
   * from a backup), so it votes again only above that, once the others have decided it.
   *
   * @param mayHaveVotedAt the height written in the acknowledgement, or -1 when it is empty
   */
  record LostAcknowledged(long mayHaveVotedAt, Path acknowledgement) implements SavedConsensusState {}
}
