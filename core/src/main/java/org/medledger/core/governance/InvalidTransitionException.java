package org.medledger.core.governance;

/** A validator-set transition an offline verifier refuses (ValidatorSetWalk); the message names it and why. */
public final class InvalidTransitionException extends RuntimeException {
  public InvalidTransitionException(String message) {
    super(message);
  }
}
