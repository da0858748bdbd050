package org.medledger.apps.safety.contract.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * Reads of the adverse-events state for the node's API, which decides who may see what (the
 * contract declares no query: a query is answered to any member, and these answers name patients).
 */
public final class AdverseEventQueries {
  private AdverseEventQueries() {}

  private static byte[] get(StateReader state, String key) {
    return state.get(StateKeys.of(AdverseEventsContract.NAME, key));
  }

  private interface Visitor {
    void visit(String localKey, byte[] value);
  }

  private static void scan(StateReader state, String prefix, Visitor visitor) {
    state.scan(StateKeys.of(AdverseEventsContract.NAME, prefix), (k, v) -> {
      visitor.visit(StateKeys.localKey(AdverseEventsContract.NAME, k), v);
      return true;
    });
  }

  public static Optional<CaseHead> caseHead(StateReader state, String caseId) {
    return Optional.ofNullable(get(state, EventKeys.caseKey(caseId))).map(CaseHead::decode);
  }

  /** Every version of a case, oldest first. */
  public static List<CaseVersion> versions(StateReader state, String caseId) {
    List<CaseVersion> out = new ArrayList<>();
    scan(state, EventKeys.versionPrefix(caseId), (k, v) -> out.add(CaseVersion.decode(v)));
    return out;
  }

  /** The ids of the cases about one patient, in key order. */
  public static List<String> casesOfPatient(StateReader state, String patient) {
    List<String> out = new ArrayList<>();
    String prefix = "patientcase/" + patient + "/";
    scan(state, prefix, (k, v) -> out.add(k.substring(prefix.length())));
    return out;
  }

  /** The ids of the cases naming one lot. */
  public static List<String> casesOfLot(StateReader state, String gtin, String lot) {
    List<String> out = new ArrayList<>();
    String prefix = EventKeys.lotCasePrefix(gtin, lot);
    scan(state, prefix, (k, v) -> out.add(k.substring(prefix.length())));
    return out;
  }

  /** Reports per subject of one kind ({@code lot}: subjects {@code gtin/lot} with the lot escaped; {@code model}). */
  public static SortedMap<String, Long> counts(StateReader state, String kind) {
    SortedMap<String, Long> out = new TreeMap<>();
    String prefix = "count/" + kind + "/";
    scan(state, prefix, (k, v) -> out.put(k.substring(prefix.length()), Signals.read(v)));
    return out;
  }

  public static long lotCount(StateReader state, String gtin, String lot) {
    return Signals.read(get(state, EventKeys.lotCountKey(gtin, lot)));
  }

  /** The thresholds in force, by {@code kind/subject} ({@code *}: every subject of the kind without its own). */
  public static SortedMap<String, Threshold> thresholds(StateReader state) {
    SortedMap<String, Threshold> out = new TreeMap<>();
    scan(state, "threshold/", (k, v) -> out.put(k.substring("threshold/".length()), Threshold.decode(v)));
    return out;
  }

  /** Every signal raised, by kind, subject and threshold. */
  public static List<Signal> signals(StateReader state) {
    List<Signal> out = new ArrayList<>();
    scan(state, "signal/", (k, v) -> out.add(Signal.decode(v)));
    return out;
  }

  /** The state key a signal sits at, for its receipt. */
  public static String signalKey(Signal s) {
    return EventKeys.signalKey(s.kind(), s.subject(), s.threshold());
  }

  /**
   * Who received a lot: each pack dispensed to a patient (as the dispensing pharmacy recorded it),
   * the patients among them who agreed to be reached about a recall, and how many did not.
   */
  public record ExposedPatients(List<Exposure> exposures, List<String> contactable, int notContactable) {}

  public static ExposedPatients exposedPatients(StateReader state, String gtin, String lot) {
    List<Exposure> exposures = new ArrayList<>();
    scan(state, EventKeys.exposurePrefix(gtin, lot), (k, v) -> exposures.add(Exposure.decode(v)));
    TreeSet<String> patients = new TreeSet<>();
    exposures.forEach(e -> patients.add(e.patient()));
    List<String> contactable = new ArrayList<>();
    for (String p : patients) {
      if (contactable(state, p)) {
        contactable.add(p);
      }
    }
    return new ExposedPatients(exposures, contactable, patients.size() - contactable.size());
  }

  /** The packs one patient received, as pharmacies recorded them. */
  public static List<Exposure> received(StateReader state, String patient) {
    List<Exposure> out = new ArrayList<>();
    scan(state, EventKeys.receivedPrefix(patient), (k, v) -> out.add(Exposure.decode(v)));
    return out;
  }

  /** Whether the patient agreed to be reached about a recall. */
  public static boolean contactable(StateReader state, String patient) {
    return get(state, EventKeys.contactKey(patient)) != null;
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
