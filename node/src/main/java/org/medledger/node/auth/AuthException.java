package org.medledger.node.auth;

/** Authentication or authorisation failed; {@code forbidden} distinguishes 403 from 401. */
public final class AuthException extends RuntimeException {
  private final boolean forbidden;

  private AuthException(String message, boolean forbidden) {
    super(message);
    this.forbidden = forbidden;
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
