package org.medledger.node.vault;

/** A vault operation could not be done; {@code code} is stable for the API, the message for people. */
public final class VaultException extends RuntimeException {
  private final String code;

  public VaultException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
