package org.medledger.apps.safety.contract.events;

import org.medledger.core.runtime.StateKeyForm;

/**
 * Where the adverse-events contract keeps each thing (docs/safety.md, "Adverse events"). Keys are
 * consensus bytes. A lot may hold '/' and '%' (GS1 character set 82), so a lot or model inside a
 * key is escaped ({@link #segment}): a prefix scan of one lot never runs into another lot
 * whose name it begins.
 */
public final class EventKeys {
  static final java.util.List<StateKeyForm> FORMS = StateKeyForm.of("case/{hash}", "version/{hash}/{number}",
      "patientcase/{hash}/{hash}", "lotcase/{gtin}/{lot}/{hash}", "count/{kind}/{...}", "threshold/{kind}/{...}",
      "signal/{kind}/{...}", "exposure/{gtin}/{lot}/{hash}/{serial}", "dispensed/{gtin}/{serial}", "received/{hash}/{gtin}/{serial}", "contact/{hash}");

  private EventKeys() {}

  /** A lot, serial or model as one key segment: '%' and '/' escaped as %25 and %2F. */
  public static String segment(String value) {
    return value.replace("%", "%25").replace("/", "%2F");
  }

  public static String caseKey(String caseId) {
    return "case/" + caseId;
  }

  /** Versions count from 1; zero-padded so that they list in order. */
  public static String versionKey(String caseId, int version) {
    return "version/" + caseId + "/" + String.format(java.util.Locale.ROOT, "%06d", version);
  }

  public static String versionPrefix(String caseId) {
    return "version/" + caseId + "/";
  }

  public static String patientCaseKey(String patient, String caseId) {
    return "patientcase/" + patient + "/" + caseId;
  }

  public static String lotCasePrefix(String gtin, String lot) {
    return "lotcase/" + gtin + "/" + segment(lot) + "/";
  }

  static String countKey(Suspect s) {
    return "count/" + s.countKind() + "/" + s.countSubject();
  }

  public static String lotCountKey(String gtin, String lot) {
    return "count/lot/" + gtin + "/" + segment(lot);
  }

  public static String modelCountKey(String model) {
    return "count/model/" + segment(model);
  }

  /** A threshold for one subject, or {@code threshold/{kind}/*}: every subject of the kind without its own. */
  static String thresholdKey(String kind, String subject) {
    return "threshold/" + kind + "/" + subject;
  }

  static String signalKey(String kind, String subject, long threshold) {
    return "signal/" + kind + "/" + subject + "/" + String.format(java.util.Locale.ROOT, "%010d", threshold);
  }

  /** Exposures of one lot: every patient a pharmacy recorded a pack of it dispensed to. */
  public static String exposurePrefix(String gtin, String lot) {
    return "exposure/" + gtin + "/" + segment(lot) + "/";
  }

  static String exposureKey(String gtin, String lot, String patient, String serial) {
    return exposurePrefix(gtin, lot) + patient + "/" + segment(serial);
  }

  /** One pack's recipient: a pack is dispensed to one patient. */
  static String dispensedKey(String gtin, String serial) {
    return "dispensed/" + gtin + "/" + segment(serial);
  }

  public static String receivedPrefix(String patient) {
    return "received/" + patient + "/";
  }

  static String receivedKey(String patient, String gtin, String serial) {
    return receivedPrefix(patient) + gtin + "/" + segment(serial);
  }

  public static String contactKey(String patient) {
    return "contact/" + patient;
  }
}
