package org.medledger.apps.insurance.contract;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One covered service category of a product: the codes covered in it (none listed: every code
 * of the category) and the most the insurer allows for one claim line of it ({@code 0}: no cap).
 */
public record Benefit(String category, SortedSet<String> codes, long perServiceLimit) {
  public Benefit {
    Objects.requireNonNull(category, "category");
    ProductTerms.requireCode(category, "benefit category");
    codes = Collections.unmodifiableSortedSet(new TreeSet<>(codes));
    for (String c : codes) {
      ProductTerms.requireCode(c, "covered code of " + category);
    }
    if (codes.size() > ProductTerms.MAX_CODES) {
      throw new IllegalArgumentException("benefit " + category + " lists more than " + ProductTerms.MAX_CODES + " codes");
    }
    if (perServiceLimit < 0) {
      throw new IllegalArgumentException("perServiceLimit of " + category + " is negative (" + perServiceLimit + ")");
    }
  }

  public boolean coversCode(String code) {
    return codes.isEmpty() || codes.contains(code);
  }
}
