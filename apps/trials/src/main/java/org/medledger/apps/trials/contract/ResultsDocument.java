package org.medledger.apps.trials.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * A trial's results as its sponsor submits them, one RFC 8785 canonical JSON object: the trial's
 * id and each outcome reported, with the measure and time frame the results actually use. The
 * figures themselves stay with the publication; what the registry checks is which outcomes were
 * reported and how.
 */
public record ResultsDocument(String trialId, List<Reported> reported) {
  /** An outcome as the results report it. */
  public record Reported(String id, String measure, String timeFrame) {
    public Hash measureHash(HashFunction hash) {
      return Hash.of(hash.hash(measure.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static final List<String> MEMBERS = List.of("reportedOutcomes", "trialId");
  private static final List<String> OUTCOME_MEMBERS = List.of("id", "measure", "timeFrame");

  public static ResultsDocument parse(String document) throws ContractException {
    SortedMap<String, Object> o = CanonicalJson.parseCanonicalObject("results document", document);
    TrialDocument.onlyMembers("results document", o, MEMBERS);
    String trialId = TrialDocument.text(o, "trialId");
    if (!(o.get("reportedOutcomes") instanceof List<?> list) || list.isEmpty()) {
      throw TrialDocument.invalid("reportedOutcomes must be a non-empty array of {id, measure, timeFrame} objects");
    }
    List<Reported> reported = new ArrayList<>();
    TreeSet<String> ids = new TreeSet<>();
    for (Object item : list) {
      if (!(item instanceof SortedMap<?, ?>)) {
        throw TrialDocument.invalid("reportedOutcomes must hold {id, measure, timeFrame} objects");
      }
      @SuppressWarnings("unchecked")
      SortedMap<String, Object> outcome = (SortedMap<String, Object>) item;
      TrialDocument.onlyMembers("reportedOutcomes item", outcome, OUTCOME_MEMBERS);
      Reported r = new Reported(TrialDocument.text(outcome, "id"), TrialDocument.text(outcome, "measure"),
          TrialDocument.text(outcome, "timeFrame"));
      if (!ids.add(r.id())) {
        throw TrialDocument.invalid("reportedOutcomes names outcome '" + r.id() + "' twice");
      }
      reported.add(r);
    }
    return new ResultsDocument(trialId, List.copyOf(reported));
  }
}
