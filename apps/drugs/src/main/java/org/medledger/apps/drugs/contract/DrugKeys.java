package org.medledger.apps.drugs.contract;

import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * Where the drugs contract keeps each thing in its state namespace (docs/format.md). The keys are
 * consensus bytes: every validator must build the same one for the same pack, case or event.
 */
public final class DrugKeys {
  private DrugKeys() {}

  static String gtinKey(Gtin g) {
    return "gtin/" + g;
  }

  static String packKey(Gtin g, String serial) {
    return "pack/" + g + "/" + serial;
  }

  static String caseKey(String sscc) {
    return "case/" + sscc;
  }

  static String traceKey(Gtin g, String serial, long height, String suffix) {
    return "trace/" + g + "/" + serial + "\u0000" + String.format("%016x", height) + "/" + suffix;
  }

  static String caseTraceKey(String sscc, long height, String suffix) {
    return "trace/00/" + sscc + "\u0000" + String.format("%016x", height) + "/" + suffix;
  }

  static String recallKey(Gtin g, String lot) {
    return "recall/" + g + "/" + lot;
  }

  /** Event ids are unique within the recording organisation (organisation names hold no '/'). */
  static String eventKey(String organisation, String eventId) {
    return "event/" + organisation + "/" + eventId;
  }

  static String errorKey(String organisation, String eventId) {
    return "error/" + organisation + "/" + eventId;
  }

  public static String relayKey(String memberCertificateHex, String nodeOrganisation) {
    return "relay/" + memberCertificateHex + "/" + nodeOrganisation;
  }

  static String scansKey(Gtin g, String serial) {
    return "scans/" + g + "/" + serial;
  }

  static byte[] read(StateReader state, String key) {
    return state.get(StateKeys.of(DrugsContract.NAME, key));
  }
}
