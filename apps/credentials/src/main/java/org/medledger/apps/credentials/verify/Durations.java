package org.medledger.apps.credentials.verify;

import java.util.Locale;

/** Ages a verifier accepts, written as a person does: {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}. */
public final class Durations {
  private Durations() {}

  /** Milliseconds of {@code 90s}/{@code 15m}/{@code 24h}/{@code 7d}; IllegalArgumentException naming the form. */
  public static long parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (!t.matches("[0-9]{1,9}[smhd]")) {
      throw new IllegalArgumentException("max age '" + text + "' must be a number and a unit: 90s, 15m, 24h or 7d");
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    long unit = switch (t.charAt(t.length() - 1)) {
      case 's' -> 1_000L;
      case 'm' -> 60_000L;
      case 'h' -> 3_600_000L;
      default -> 86_400_000L;
    };
    return n * unit;
  }

  /** A rough age for people: {@code 4 s}, {@code 12 min}, {@code 3 h}, {@code 2 days}. */
  public static String words(long millis) {
    long s = Math.max(0, millis) / 1000;
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    if (s < 172_800) {
      return s / 3600 + " h";
    }
    return s / 86_400 + " days";
  }
}
