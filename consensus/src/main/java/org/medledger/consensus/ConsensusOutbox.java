package org.medledger.consensus;

import org.medledger.consensus.message.ConsensusMessage;

/** Where the engine's actions go: to the network and to the timer. It never sends or sleeps itself. */
public interface ConsensusOutbox {
  /** Send to every other validator (the engine has already processed its own copy). */
  void broadcast(ConsensusMessage message);

  /** Deliver {@code timeout} back to the engine after its delay. */
  void schedule(Timeout timeout);

  /**
   * Make {@code state} durable before returning, or throw: the engine calls this before each of
   * its own messages is recorded or broadcast (the message is the last of {@code state.own()}),
   * and passes the saved state to {@link ConsensusEngine#resume} after a restart. When this
   * throws, the message is never sent and the engine halts ({@link PersistFailedException}). The
   * default keeps nothing (a validator that restarts then counts as faulty for the height it
   * crashed in).
   */
  default void persist(EngineState state) {}

  /**
   * A validator signed two different messages for one step ({@link Evidence}): told once per
   * validator and height, as the engine records it, so the node can put the proof on the chain
   * before it leaves the height. The default keeps nothing.
   */
  default void evidence(Evidence evidence) {}
}
