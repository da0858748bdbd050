package org.medledger.apps.trials.node;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medledger.apps.trials.contract.TrialDocument;

/**
 * One page of the registry's list: trials in trial-id order (the order of their keys, so a page
 * never shifts when a trial is registered elsewhere in the list), from just after the cursor
 * {@code after} (a trial id; none for the first page), at most {@code limit} of them; {@code next}
 * is the cursor of the following page, empty on the last.
 */
public record TrialPage(List<Map<String, Object>> trials, Optional<String> next) {
  /** How many trials a page holds unless the caller asks fewer. */
  public static final int DEFAULT_LIMIT = 100;
  /** The most a page holds: a registry of any size is read in pages, never in one answer. */
  public static final int MAX_LIMIT = 500;

  /** A request's page: its {@code limit} and {@code after} checked, each refusal naming what was wrong. */
  public record Request(Optional<String> after, int limit) {
    public static Request parse(String after, String limit) {
      int n = DEFAULT_LIMIT;
      if (limit != null) {
        try {
          n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", got '" + limit + "'");
        }
        if (n > MAX_LIMIT) {
          throw new IllegalArgumentException("'limit' " + n + " is past the cap of " + MAX_LIMIT + " trials a page");
        }
        if (n < 1) {
          throw new IllegalArgumentException("'limit' must be at least 1, got " + n);
        }
      }
      if (after != null && !after.isEmpty() && !TrialDocument.TRIAL_ID.matcher(after).matches()) {
        throw new IllegalArgumentException("'after' must be a trial id (the 'next' of the previous page), got '" + after + "'");
      }
      return new Request(after == null || after.isEmpty() ? Optional.empty() : Optional.of(after), n);
    }
  }
}
