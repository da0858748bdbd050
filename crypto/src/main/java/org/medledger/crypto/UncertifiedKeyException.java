package org.medledger.crypto;

/** A key offered for encryption whose certificate does not hold; the message says what is wrong. */
public final class UncertifiedKeyException extends Exception {
  public UncertifiedKeyException(String message) {
    super(message);
  }
}
