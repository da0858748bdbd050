package org.medledger.consensus;

/**
 * This validator could not make its consensus state durable before a message of its own left.
 * The message was not sent and the engine has halted: going on would send a vote a restart
 * could contradict (an honest validator turned equivocator). The node must stop its consensus.
 */
public final class PersistFailedException extends RuntimeException {
  public PersistFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
