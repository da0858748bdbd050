package org.medledger.network;

/**
 * Receives frames from authenticated peers, on a network thread: hand the work off, do not block.
 */
@FunctionalInterface
public interface MessageHandler {
  void onMessage(Peer from, Topic topic, byte[] payload);
}
