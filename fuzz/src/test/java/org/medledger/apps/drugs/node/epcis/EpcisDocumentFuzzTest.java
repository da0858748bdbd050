package org.medledger.apps.drugs.node.epcis;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.medledger.apps.drugs.contract.DrugEvent;
import org.medledger.fuzz.Canonical;

/**
 * An EPCIS 2.0 document as {@code POST /epcis/capture} takes it: bytes the route's JSON parser
 * refuses (a 400 before the reader), an {@link EpcisException} naming the field, or events whose capture
 * argument ({@link DrugEvent#encodeList}) reads back to the same events. EPCIS JSON-LD is not
 * canonical and the ledger keeps the events, not the document, so the check is on the events.
 */
class EpcisDocumentFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest
  void readsOrNamesTheField(byte[] input) {
    JsonNode doc;
    try {
      doc = JSON.readTree(input);
    } catch (IOException notJson) {
      // Not JSON, or not in any encoding Jackson detects (a CharConversionException is an
      // IOException, not a JsonProcessingException): EpcisRoutes answers both with a 400.
      return;
    }
    if (doc == null) {
      return;
    }
    List<DrugEvent> events;
    try {
      events = EpcisDocumentReader.read(doc);
    } catch (EpcisException refused) {
      if (refused.field().isBlank() || !refused.getMessage().startsWith(refused.field() + ": ")) {
        throw new AssertionError("an EPCIS refusal names no field: " + refused.getMessage());
      }
      return;
    }
    String argument = DrugEvent.encodeList(events);
    Canonical.assertStable("EpcisDocumentReader.read then DrugEvent.encodeList", events, DrugEvent.decodeList(argument, 1 << 20));
  }

  /** The reader's own valid document (EpcisDocumentReaderProperties.VALID): four events of four kinds. */
  static Map<String, List<byte[]>> seeds() {
    String valid = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"],\"type\":\"EPCISDocument\","
        + "\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-11-26T08:00:00Z\",\"epcisBody\":{\"eventList\":["
        + "{\"type\":\"ObjectEvent\",\"eventID\":\"urn:uuid:1\",\"eventTime\":\"2026-11-26T08:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
        + "\"action\":\"ADD\",\"bizStep\":\"commissioning\",\"epcList\":[\"https://id.gs1.org/01/09506000134352/21/1\","
        + "\"urn:epc:id:sgtin:9506000.013435.2\"],\"ilmd\":{\"cbvmda:lotNumber\":\"L1\",\"cbvmda:itemExpirationDate\":\"2030-12-31\"},"
        + "\"bizLocation\":{\"id\":\"urn:epc:id:sgln:9506000.00001.0\"}},"
        + "{\"type\":\"AggregationEvent\",\"eventTime\":\"2026-11-26T08:01:00+01:00\",\"eventTimeZoneOffset\":\"+01:00\",\"action\":\"ADD\","
        + "\"bizStep\":\"packing\",\"parentID\":\"https://id.gs1.org/00/095060001000000012\",\"childEPCs\":[\"https://id.gs1.org/01/09506000134352/21/1\"]},"
        + "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-26T08:02:00Z\",\"eventTimeZoneOffset\":\"+00:00\",\"action\":\"OBSERVE\","
        + "\"bizStep\":\"https://ref.gs1.org/cbv/BizStep-shipping\",\"epcList\":[\"https://id.gs1.org/00/095060001000000012\"],"
        + "\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"urn:medledger:org:dist-co\"}]},"
        + "{\"type\":\"ObjectEvent\",\"eventID\":\"urn:uuid:1\",\"eventTime\":\"2026-11-26T08:03:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
        + "\"action\":\"ADD\",\"bizStep\":\"commissioning\",\"epcList\":[\"https://id.gs1.org/01/09506000134352/21/1\"],"
        + "\"errorDeclaration\":{\"declarationTime\":\"2026-11-26T09:00:00Z\",\"reason\":\"incorrect_data\",\"correctiveEventIDs\":[\"urn:uuid:2\"]}}"
        + "]}}";
    return Map.of("readsOrNamesTheField", List.of(valid.getBytes(StandardCharsets.UTF_8)));
  }
}
