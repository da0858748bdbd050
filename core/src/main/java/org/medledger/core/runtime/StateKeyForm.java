package org.medledger.core.runtime;

import java.util.List;

/**
 * The shape of one kind of key a contract writes, e.g. {@code doc/{hash}/{organisation}}: literal
 * segments, {@code {hash}} (64 lowercase hex), {@code {name}}-like placeholders (any one non-empty
 * segment) and a last {@code {...}} (one or more segments, for names that may hold '/'). A proof of
 * absence is only worth something for a key of a shape the contract writes: {@code
 * notary/<hash>} is absent forever, whatever was anchored, so the API refuses to prove it absent.
 */
public record StateKeyForm(String pattern) {
  public StateKeyForm {
    if (pattern == null || pattern.isEmpty() || pattern.startsWith("/") || pattern.endsWith("/")) {
      throw new IllegalArgumentException("a key form is segments separated by '/', e.g. doc/{hash}; got '" + pattern + "'");
    }
    List<String> parts = List.of(pattern.split("/", -1));
    for (int i = 0; i < parts.size() - 1; i++) {
      if (parts.get(i).equals("{...}")) {
        throw new IllegalArgumentException("{...} may only end a key form: " + pattern);
      }
    }
  }

  public static List<StateKeyForm> of(String... patterns) {
    return java.util.Arrays.stream(patterns).map(StateKeyForm::new).toList();
  }

  public boolean matches(String key) {
    String[] want = pattern.split("/", -1);
    String[] got = key.split("/", -1);
    boolean rest = want[want.length - 1].equals("{...}");
    if (rest ? got.length < want.length : got.length != want.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      String w = want[i];
      if (rest && i == want.length - 1) {
        for (int j = i; j < got.length; j++) {
          if (got[j].isEmpty()) {
            return false;
          }
        }
        return true;
      }
      if (!segmentMatches(w, got[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean segmentMatches(String want, String got) {
    if (want.equals("{hash}")) {
      return got.length() == 64 && got.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
    if (want.startsWith("{") && want.endsWith("}")) {
      return !got.isEmpty();
    }
    return want.equals(got);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
