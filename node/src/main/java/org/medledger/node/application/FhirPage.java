package org.medledger.node.application;

import java.util.List;

/**
 * Which matches of a search a request asks for: from {@code offset} (the {@code _offset} of a
 * {@code next} link), at most {@code count} ({@code _count}, which the façade caps).
 */
public record FhirPage(int offset, int count) {
  public FhirPage {
    if (offset < 0 || count < 0) {
      throw new IllegalArgumentException("a page's offset and count are not negative");
    }
  }

  /** The part of {@code all} in this page. */
  public <T> List<T> slice(List<T> all) {
    if (offset >= all.size()) {
      return List.of();
    }
    return List.copyOf(all.subList(offset, (int) Math.min(all.size(), (long) offset + count)));
  }
}
