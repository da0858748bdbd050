package org.medledger.crypto;

/** Decryption failed: the key is wrong or the ciphertext, nonce or associated data was altered. */
public final class AeadException extends Exception {
  public AeadException(String message) {
    super(message);
  }

  public AeadException(String message, Throwable cause) {
    super(message, cause);
  }
}
