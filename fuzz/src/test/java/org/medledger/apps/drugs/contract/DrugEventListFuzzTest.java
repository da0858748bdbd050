package org.medledger.apps.drugs.contract;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.tx.Args;
import org.medledger.fuzz.Canonical;

/**
 * The events argument of a {@code drugs.capture} transaction, which the contract decodes on every
 * validator: refused with the IllegalArgumentException or DecodeException the contract maps to a
 * failed outcome, or written back to the same text.
 */
class DrugEventListFuzzTest {
  @FuzzTest
  void decodesOrRefuses(byte[] input) {
    String argument = new String(input, StandardCharsets.ISO_8859_1);
    List<DrugEvent> events;
    try {
      events = DrugEvent.decodeList(argument, 4096);
    } catch (IllegalArgumentException | DecodeException refused) {
      return;
    }
    Canonical.assertStable("DrugEvent.decodeList then encodeList", argument, DrugEvent.encodeList(events));
  }

  /** A capture of a commissioning and a shipment. */
  static Map<String, List<byte[]>> seeds() {
    String capture = DrugEvent.encodeList(List.of(
        new DrugEvent("commission", Args.of("gtin", "09506000134352", "serials", "1,2", "lot", "L1", "expiry", "301231")),
        new DrugEvent("ship", Args.of("cases", "095060001000000012", "to", "dist-co"))));
    return Map.of("decodesOrRefuses", List.of(capture.getBytes(StandardCharsets.ISO_8859_1)));
  }
}
