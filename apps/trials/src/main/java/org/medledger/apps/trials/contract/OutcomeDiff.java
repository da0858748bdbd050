package org.medledger.apps.trials.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How one version's outcomes differ from another's (the registry shows each version against the
 * version in force when the first participant enrolled): outcome ids added, removed, and kept
 * with a changed measure, time frame or primary/secondary rank.
 */
public record OutcomeDiff(List<String> added, List<String> removed, List<String> changed) {
  public static OutcomeDiff between(TrialVersion from, TrialVersion to) {
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (RegisteredOutcome o : to.outcomes()) {
      Optional<RegisteredOutcome> before = from.outcome(o.id());
      if (before.isEmpty()) {
        added.add(o.id());
      } else if (!before.get().equals(o)) {
        changed.add(o.id());
      }
    }
    List<String> removed = from.outcomes().stream().map(RegisteredOutcome::id).filter(id -> to.outcome(id).isEmpty()).toList();
    return new OutcomeDiff(List.copyOf(added), removed, List.copyOf(changed));
  }

  public boolean none() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  /** "added:S3 removed:S2 changed:P1", or "none". */
  public String describe() {
    if (none()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) {
      parts.add("added:" + String.join(",", added));
    }
    if (!removed.isEmpty()) {
      parts.add("removed:" + String.join(",", removed));
    }
    if (!changed.isEmpty()) {
      parts.add("changed:" + String.join(",", changed));
    }
    return String.join(" ", parts);
  }
}
