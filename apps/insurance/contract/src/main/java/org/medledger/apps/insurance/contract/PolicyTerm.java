package org.medledger.apps.insurance.contract;

/**
 * One period of a policy, {@code [startDay, endDay)} in days since 1970-01-01, under one version
 * of its product: a renewal adds a term under the product's version of that day, so a service is
 * judged by the schedule in force on its date, never by a later one.
 */
public record PolicyTerm(long startDay, long endDay, int productVersion) {
  public PolicyTerm {
    if (endDay <= startDay) {
      throw new IllegalArgumentException("a policy term must end after it starts (" + ServiceDate.format(startDay) + " to "
          + ServiceDate.format(endDay) + ")");
    }
    if (productVersion < 1) {
      throw new IllegalArgumentException("productVersion must be 1 or more, not " + productVersion);
    }
  }

  public boolean contains(long day) {
    return day >= startDay && day < endDay;
  }
}
