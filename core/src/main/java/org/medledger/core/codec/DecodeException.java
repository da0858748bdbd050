package org.medledger.core.codec;

/** Bytes that are not a valid canonical encoding; the message says which field and why. */
public final class DecodeException extends RuntimeException {
  public DecodeException(String message) {
    super(message);
  }
}
