package org.medledger.vault;

/** A document the vault cannot store or open, with the reason. */
public sealed class VaultException extends RuntimeException permits ShardsDisagreeException {
  public VaultException(String message) {
    super(message);
  }

  public VaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
