package org.medledger.apps.trials.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/** Registration and results documents for the tests, canonicalised by an independent RFC 8785 implementation. */
public final class TrialDocuments {
  static final ObjectMapper JSON = new ObjectMapper();

  private TrialDocuments() {}

  public static ObjectNode registration(String trialId, String sponsor) {
    ObjectNode d = JSON.createObjectNode();
    d.put("trialId", trialId);
    d.put("title", "Étude «α»: low-dose \"aspirin\"\nafter stroke \u0001");
    d.put("sponsor", sponsor);
    d.putArray("conditions").add("Ischaemic stroke");
    d.putArray("interventions").add("Drug: aspirin 75 mg").add("Drug: placebo");
    ArrayNode primary = d.putArray("primaryOutcomes");
    outcome(primary, "P1", "Recurrent stroke (modified Rankin)", "12 months");
    ArrayNode secondary = d.putArray("secondaryOutcomes");
    outcome(secondary, "S1", "Major bleeding (ISTH criteria)", "12 months");
    outcome(secondary, "S2", "All-cause mortality", "24 months");
    d.put("primaryCompletionDate", "2025-01-15");
    return d;
  }

  public static void outcome(ArrayNode list, String id, String measure, String timeFrame) {
    list.addObject().put("id", id).put("measure", measure).put("timeFrame", timeFrame);
  }

  public static ObjectNode results(String trialId) {
    ObjectNode d = JSON.createObjectNode();
    d.put("trialId", trialId);
    d.putArray("reportedOutcomes");
    return d;
  }

  /** The RFC 8785 text of a document, by java-json-canonicalization (not the contract's writer). */
  public static String canonical(ObjectNode document) {
    try {
      return new JsonCanonicalizer(JSON.writeValueAsString(document)).getEncodedString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
