package org.medledger.consensus;

import java.util.List;
import org.medledger.consensus.message.ConsensusMessage;

/**
 * One validator's consensus instance. Driven by one thread through these three calls; it does no
 * I/O, reads no clock and makes no threads, so the simulator runs it unchanged.
 */
public interface ConsensusEngine {
  /** Starts deciding {@code height} (the first height not yet committed). */
  void start(long height);

  /**
   * Restarts at the saved state's height where this validator left it: its round and step, its
   * lock, and its own signed messages (re-sent, never contradicted).
   */
  void resume(EngineState state);

  void onMessage(ConsensusMessage message);

  void onTimeout(Timeout timeout);

  /** Something to order has arrived (or a heartbeat is due): an idle height begins its round 0. */
  void onWork();

  long height();

  int round();

  /** Equivocations seen so far, each naming the validator. */
  List<Evidence> evidence();
}
