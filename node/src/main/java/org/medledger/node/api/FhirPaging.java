package org.medledger.node.api;

import java.util.List;
import org.medledger.node.application.FhirPage;
import org.medledger.node.application.FhirProblem;

/**
 * The page a FHIR search asks for: {@code _count} matches (at most {@link #MAX_COUNT}, {@link
 * #DEFAULT_COUNT} when not given) from {@code _offset} (0 when not given; the façade's {@code
 * next} and {@code previous} links carry it). A malformed value, or a count above the cap, is
 * refused naming it, never silently clamped: a client asking for a million would otherwise believe
 * it had them all.
 */
final class FhirPaging {
  static final int DEFAULT_COUNT = 100;
  static final int MAX_COUNT = 1000;
  static final String COUNT = "_count";
  static final String OFFSET = "_offset";

  private FhirPaging() {}

  static FhirPage page(List<String> counts, List<String> offsets) {
    int count = number(COUNT, counts, DEFAULT_COUNT);
    if (count > MAX_COUNT) {
      throw new FhirProblem(400, "too-costly", COUNT + " " + count + " is above this node's cap of " + MAX_COUNT
          + " matches a page: ask for at most " + MAX_COUNT + " and follow the Bundle's next link");
    }
    return new FhirPage(number(OFFSET, offsets, 0), count);
  }

  private static int number(String name, List<String> values, int absent) {
    if (values.isEmpty()) {
      return absent;
    }
    if (values.size() > 1) {
      throw new FhirProblem(400, "invalid", name + " is given " + values.size() + " times; give it once");
    }
    String v = values.get(0);
    if (!v.matches("[0-9]{1,9}")) {
      throw new FhirProblem(400, "invalid", name + " '" + (v.length() > 32 ? v.substring(0, 32) + "…" : v)
          + "' is not a whole number" + (name.equals(COUNT) ? " from 0 to " + MAX_COUNT : " of 0 or more"));
    }
    return Integer.parseInt(v);
  }
}
