package org.medledger.core.genesis;

/**
 * The share of an electorate of organisations whose votes pass a proposal: "more than" or "at
 * least" a fraction, written {@code >1/2} (a majority) or {@code >=2/3}. Integer arithmetic only,
 * so every node counts alike.
 */
public record Threshold(boolean strict, int numerator, int denominator) {
  public Threshold {
    if (denominator < 1 || denominator > 100 || numerator < 1 || numerator > denominator) {
      throw new IllegalArgumentException("a threshold is a fraction n/d with 1 <= n <= d <= 100, got "
          + numerator + "/" + denominator);
    }
    if (strict && numerator == denominator) {
      throw new IllegalArgumentException("a threshold of more than " + numerator + "/" + denominator
          + " could never be met");
    }
  }

  /** Parses {@code >1/2} or {@code >=2/3}; IllegalArgumentException says the form expected. */
  public static Threshold parse(String text) {
    String t = text == null ? "" : text.strip();
    boolean strict;
    if (t.startsWith(">=")) {
      strict = false;
      t = t.substring(2);
    } else if (t.startsWith(">")) {
      strict = true;
      t = t.substring(1);
    } else {
      throw new IllegalArgumentException("threshold '" + text + "' must read >n/d (more than) or >=n/d (at least), e.g. >1/2 or >=2/3");
    }
    String[] parts = t.split("/", -1);
    if (parts.length != 2 || !parts[0].matches("[0-9]{1,3}") || !parts[1].matches("[0-9]{1,3}")) {
      throw new IllegalArgumentException("threshold '" + text + "' must read >n/d or >=n/d, e.g. >1/2 or >=2/3");
    }
    return new Threshold(strict, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  /** Whether {@code votes} of an electorate of {@code electorate} organisations meet the threshold. */
  public boolean met(int votes, int electorate) {
    long left = (long) votes * denominator;
    long right = (long) numerator * electorate;
    return strict ? left > right : left >= right;
  }

  /** The fewest votes of {@code electorate} that meet it (more than the electorate when none can). */
  public int votesNeeded(int electorate) {
    for (int v = 0; v <= electorate; v++) {
      if (met(v, electorate)) {
        return Math.max(v, 1);
      }
    }
    return electorate + 1;
  }

  @Override
  public String toString() {
    return (strict ? ">" : ">=") + numerator + "/" + denominator;
  }
}
