package org.medledger.node.auth;

/**
 * Authentication or authorisation failed; {@code forbidden} distinguishes 403 from 401, {@code
 * throttled} (429) a caller over its budget.
 */
public final class AuthException extends RuntimeException {
  private final boolean forbidden;
  private final boolean throttled;

  private AuthException(String message, boolean forbidden) {
    this(message, forbidden, false);
  }

  private AuthException(String message, boolean forbidden, boolean throttled) {
    super(message);
    this.forbidden = forbidden;
    this.throttled = throttled;
  }

  /** Over a budget (429): the message says which and when to try again. */
  public static AuthException throttled(String message) {
    return new AuthException(message, false, true);
  }

  public boolean isThrottled() {
    return throttled;
  }

  public static AuthException unauthenticated(String message) {
    return new AuthException(message, false);
  }

  public static AuthException forbidden(String message) {
    return new AuthException(message, true);
  }

  public boolean isForbidden() {
    return forbidden;
  }
}
