package org.medledger.node.bft;

/** Told, on the consensus thread, each time the engine leaves a round (to a new round or height). */
@FunctionalInterface
public interface RoundListener {
  void roundEnded(long height, int round, long durationNanos);
}
