package org.medledger.apps.safety.node.readings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.apps.safety.contract.readings.AnchoredReading;
import org.medledger.apps.safety.contract.readings.DeviceReading;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * The receipt of one device reading (docs/safety.md, "Receipt of a reading"): the anchored leaf
 * (the signed reading and the device key it was checked with), its RFC 9162 inclusion proof in
 * its batch, and the platform's transaction receipt of the {@code readings.anchor} that put the
 * batch's root on the ledger. The reading's fields are repeated in words for a person; a
 * verifier holds them to the signed bytes.
 */
final class ReadingReceipt {
  static final String KIND = "device-reading";

  private ReadingReceipt() {}

  static Map<String, Object> render(String organisation, String batchId, AnchoredReading leaf, int leafIndex, int batchSize,
      List<Hash> auditPath, Map<String, Object> anchorReceipt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", KIND);
    m.put("organisation", organisation);
    m.put("batch", batchId);
    m.put("readingFields", fields(leaf.reading()));
    m.put("reading", Hex.encode(leaf.encode()));
    m.put("leafIndex", leafIndex);
    m.put("batchSize", batchSize);
    m.put("auditPath", auditPath.stream().map(Hash::hex).toList());
    m.put("anchor", anchorReceipt);
    return m;
  }

  static Map<String, Object> fields(DeviceReading r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("udi", r.udi());
    m.put("sequence", Long.toString(r.sequence()));
    m.put("statedAtMillis", Long.toString(r.statedAtMillis()));
    m.put("codeSystem", r.codeSystem());
    m.put("code", r.code());
    m.put("value", r.value());
    m.put("unit", r.unit());
    return m;
  }
}
