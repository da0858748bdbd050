package org.medledger.node.refusals;

/**
 * One refused request to a route serving health data, as the API saw it: where it came from (the
 * TCP peer's address), what it asked ({@code path} as sent, patient ids and all, with any
 * credential it carried taken out), the status it got and the refusal's code, and who it came
 * from. Never the token, a signature or the refusal's message (which may name what was asked).
 */
public record Refusal(String source, String method, String path, int status, String reason, RefusalRequester requester) {
  /** A refusal's reason: a code of lower-case letters, digits and '_' (compiled once: it is checked on every error answer). */
  private static final java.util.regex.Pattern REASON_CODE = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");
  static final int MAX_PATH = 1024;

  public Refusal {
    source = RefusalRequester.printable(source);
    method = RefusalRequester.printable(method);
    path = cut(path);
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("an HTTP status is 100 to 599, got " + status);
    }
    if (reason == null || !REASON_CODE.matcher(reason).matches()) {
      throw new IllegalArgumentException("a refusal's reason is a code of lower-case letters, digits and '_': " + reason);
    }
    java.util.Objects.requireNonNull(requester, "requester");
  }

  private static String cut(String path) {
    String p = path == null ? "" : path;
    StringBuilder b = new StringBuilder(Math.min(p.length(), MAX_PATH));
    p.codePoints().limit(MAX_PATH).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
