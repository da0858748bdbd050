package org.medledger.node.application;

import java.util.List;

/**
 * One page of a search's matches: {@code total} matches in all, of which {@code entries} are the
 * ones in the request's {@link FhirPage} (the façade turns them into a {@code searchset} Bundle
 * with its {@code self}, {@code next} and {@code previous} links).
 */
public record FhirMatches(int total, List<Entry> entries) {
  public FhirMatches {
    entries = List.copyOf(entries);
    if (total < entries.size()) {
      throw new IllegalArgumentException("a search's total (" + total + ") is below its page's " + entries.size() + " entries");
    }
  }

  /** The page of {@code all} that {@code page} asks for, with {@code all}'s size as the total. */
  public static FhirMatches page(List<Entry> all, FhirPage page) {
    return new FhirMatches(all.size(), page.slice(all));
  }

  /** One match: its type and id (for the entry's {@code fullUrl}) and its JSON, served as given. */
  public record Entry(String resourceType, String id, byte[] json) {
    public Entry {
      if (resourceType == null || !resourceType.matches(FhirResources.TYPE_PATTERN)) {
        throw new IllegalArgumentException("'" + resourceType + "' is not a FHIR resource type name");
      }
      if (id == null || !id.matches(FhirResources.ID_PATTERN)) {
        throw new IllegalArgumentException("a FHIR id is 1 to 64 of [A-Za-z0-9-.], not " + id);
      }
      java.util.Objects.requireNonNull(json, "json");
    }
  }
}
