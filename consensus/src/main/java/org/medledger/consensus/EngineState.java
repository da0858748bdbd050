package org.medledger.consensus;

import java.util.List;
import org.medledger.consensus.message.ConsensusMessage;

/**
 * What a validator must remember across a crash to stay honest within a height (Tendermint's
 * write-ahead log): where it is (round and step), what it locked on, and every message it has
 * signed at this height. Saved before each of its own messages leaves, so after a restart it
 * never signs a second, different message for a step it already took, and keeps its lock.
 *
 * <p>{@code own} holds its own messages of the rounds that still matter and, besides, the other
 * validators' prevotes for its locked and valid values in their rounds: the proof of lock, which
 * it re-sends after a restart (without it, a restarted validator keeps a lock no one else can be
 * shown, and a height can stall for good once those prevotes' signers are down).
 *
 * @param step 0 propose, 1 prevote, 2 precommit (the step of {@code round} it has reached)
 * @param lockedValue null when {@code lockedRound} is -1
 * @param validValue null when {@code validRound} is -1
 */
public record EngineState(long height, int round, int step, byte[] lockedValue, int lockedRound, byte[] validValue,
    int validRound, List<ConsensusMessage> own) {
  public EngineState {
    own = List.copyOf(own);
  }
}
