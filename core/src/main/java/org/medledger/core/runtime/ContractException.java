package org.medledger.core.runtime;

/**
 * A contract refused a call: the transaction is recorded as failed, none of its writes apply. The
 * code is stable for programs (e.g. {@code already_anchored}); the message is for people.
 */
public final class ContractException extends Exception {
  private final String code;

  public ContractException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
