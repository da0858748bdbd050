package org.medledger.apps.trials.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * COMPare's comparison (Goldacre et al., Trials 2019), done by the contract when results are
 * submitted: each outcome pre-specified in the version in force at first enrolment that the
 * results leave out; each reported outcome that was not pre-specified then (an amendment added
 * it later); each reported outcome whose measure or time frame matches no registered version
 * from the pre-specified one to the latest, i.e. changed without a declared amendment.
 */
public final class ResultsCheck {
  /** A flag before it is numbered and committed. */
  public record Finding(String kind, String outcomeId, String detail) {}

  private ResultsCheck() {}

  /** {@code versions} are every version of the trial, oldest first; {@code baseline} is one of them. */
  public static List<Finding> findings(HashFunction hash, List<TrialVersion> versions, TrialVersion baseline, ResultsDocument results) {
    List<Finding> out = new ArrayList<>();
    for (RegisteredOutcome pre : baseline.outcomes()) {
      if (results.reported().stream().noneMatch(r -> r.id().equals(pre.id()))) {
        out.add(new Finding(OutcomeFlag.NOT_REPORTED, pre.id(), pre.kind() + " outcome pre-specified in version " + baseline.version()
            + " is not reported"));
      }
    }
    for (ResultsDocument.Reported r : results.reported()) {
      Hash measure = r.measureHash(hash);
      if (baseline.outcome(r.id()).isEmpty()) {
        String by = versions.stream().filter(v -> v.outcome(r.id()).isPresent()).findFirst()
            .map(v -> "added by amendment version " + v.version() + " (" + v.reason() + ")").orElse("never registered");
        out.add(new Finding(OutcomeFlag.ADDED, r.id(), "reported outcome was not pre-specified in version " + baseline.version() + ": " + by));
      }
      Optional<TrialVersion> declaring = versions.stream().filter(v -> v.version() >= baseline.version())
          .filter(v -> v.outcome(r.id()).map(o -> o.sameMeasureAndTimeFrame(measure, r.timeFrame())).orElse(false)).findFirst();
      if (declaring.isEmpty()) {
        out.add(new Finding(OutcomeFlag.CHANGED_UNDECLARED, r.id(), whatChanged(hash, versions.get(versions.size() - 1), r)
            + ", and matches no registered version from version " + baseline.version() + " on"));
      }
    }
    return out;
  }

  /**
   * Which of COMPare's two switches it is, against the latest version (which has the id: results
   * naming an unknown outcome are refused before this), so the public flag says it in words.
   */
  private static String whatChanged(HashFunction hash, TrialVersion latest, ResultsDocument.Reported r) {
    RegisteredOutcome registered = latest.outcome(r.id()).orElseThrow();
    boolean measure = !registered.measureHash().equals(r.measureHash(hash));
    boolean timeFrame = !registered.timeFrame().equals(r.timeFrame());
    String frame = "time frame changed from '" + registered.timeFrame() + "' (version " + latest.version() + ") to '"
        + r.timeFrame() + "'";
    String measured = "measure changed from the text registered in version " + latest.version();
    if (measure && timeFrame) {
      return measured + " and " + frame;
    }
    return measure ? measured : frame;
  }
}
