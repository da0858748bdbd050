package org.medledger.apps.trials.contract;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * Trials whose results are overdue (FDAAA TrialsTracker's rule), from the ledger alone: a trial
 * with no results submitted whose due date (as registered, else primary completion plus one
 * year) is before the day of the block time asked about. The caller passes a block's time (the
 * node its head block's), never a wall clock, so every node answers the same for the same block.
 */
public final class OverdueTrials {
  /** One overdue trial. */
  public record Overdue(String trialId, String sponsor, LocalDate resultsDue, long daysOverdue) {}

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private OverdueTrials() {}

  /** The UTC day of a block time in milliseconds. */
  public static LocalDate dateOf(long blockTimeMillis) {
    return LocalDate.ofEpochDay(Math.floorDiv(blockTimeMillis, MILLIS_PER_DAY));
  }

  /** Overdue trials at {@code blockTimeMillis}, by trial id. */
  public static List<Overdue> at(StateReader state, long blockTimeMillis) {
    List<Overdue> out = new ArrayList<>();
    state.scan(StateKeys.of(TrialsContract.NAME, "head/"), (k, v) -> {
      of(TrialHead.decode(v), blockTimeMillis).ifPresent(out::add);
      return true;
    });
    return out;
  }

  /** This trial, if its results are overdue at {@code blockTimeMillis}. */
  public static java.util.Optional<Overdue> of(TrialHead head, long blockTimeMillis) {
    LocalDate today = dateOf(blockTimeMillis);
    LocalDate due = LocalDate.parse(head.resultsDue());
    if (head.resultsHeight() == 0 && today.isAfter(due)) {
      return java.util.Optional.of(new Overdue(head.trialId(), head.sponsorOrganisation(), due, ChronoUnit.DAYS.between(due, today)));
    }
    return java.util.Optional.empty();
  }
}
