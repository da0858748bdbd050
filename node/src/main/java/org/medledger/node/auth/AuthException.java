package org.medledger.node.auth;

/**
 * Authentication or authorisation failed; {@code forbidden} distinguishes 403 from 401, {@code
 * throttled} (429) a caller over its budget. {@link #reason()} is a short code for the node's
 * refusal log (docs/security.md, "Refused requests"): the message is for the caller and is never
 * filed, since it may name what the caller asked for.
 */
public final class AuthException extends RuntimeException {
  /** A refusal's reason: a code of lower-case letters, digits and '_' (compiled once: it is checked on every error answer). */
  private static final java.util.regex.Pattern REASON_CODE = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private final boolean forbidden;
  private final boolean throttled;
  private final String reason;

  private AuthException(String reason, String message, boolean forbidden, boolean throttled) {
    super(message);
    if (!REASON_CODE.matcher(reason).matches()) {
      throw new IllegalArgumentException("a refusal's reason is a code of lower-case letters, digits and '_': " + reason);
    }
    this.reason = reason;
    this.forbidden = forbidden;
    this.throttled = throttled;
  }

  /** Over a budget (429): the message says which and when to try again. */
  public static AuthException throttled(String message) {
    return new AuthException("too_many_requests", message, false, true);
  }

  public boolean isThrottled() {
    return throttled;
  }

  public static AuthException unauthenticated(String message) {
    return unauthenticated("unauthorized", message);
  }

  /** A 401 whose reason is more precise than "unauthorized" (a token expired, issued elsewhere). */
  public static AuthException unauthenticated(String reason, String message) {
    return new AuthException(reason, message, false, false);
  }

  public static AuthException forbidden(String message) {
    return forbidden("forbidden", message);
  }

  /** A 403 whose reason is more precise than "forbidden" (a member of another organisation, a role with no right). */
  public static AuthException forbidden(String reason, String message) {
    return new AuthException(reason, message, true, false);
  }

  public boolean isForbidden() {
    return forbidden;
  }

  /** The refusal's code: what the refusal log files, never the message. */
  public String reason() {
    return reason;
  }
}
