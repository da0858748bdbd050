package org.medledger.apps.drugs.node.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.node.Gens.text;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.apps.drugs.contract.gs1.DigitalLink;
import org.medledger.apps.drugs.contract.DrugEvent;
import org.medledger.apps.drugs.contract.gs1.ElementString;
import org.medledger.apps.drugs.contract.gs1.EpcUri;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Whatever a client sends, the EPCIS reader either maps it or names the field at fault: a valid
 * document with one field removed or replaced by anything never makes the reader fail otherwise.
 * The same for the scanner decoders (Digital Link, element string, EPC URN) on arbitrary text.
 */
class EpcisDocumentReaderProperties {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String VALID = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"],\"type\":\"EPCISDocument\","
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

  @Test
  void theValidDocumentMapsToItsFourEvents() throws Exception {
    List<DrugEvent> events = EpcisDocumentReader.read(JSON.readTree(VALID));
    assertThat(events).extracting(DrugEvent::method).containsExactly("commission", "aggregate", "ship", "declareError");
    assertThat(events.get(0).args().get("serials")).contains("1,2");
    assertThat(events.get(0).args().get("expiry")).contains("301231");
    assertThat(events.get(0).args().get("bizLocation")).contains("urn:epc:id:sgln:9506000.00001.0");
    assertThat(events.get(1).args().get("children")).contains("01/09506000134352/21/1");
    assertThat(events.get(2).args().get("cases")).contains("095060001000000012");
    assertThat(events.get(2).args().get("to")).contains("dist-co");
    assertThat(events.get(3).args().get("declaredEventId")).contains("urn:uuid:1");
    assertThat(events.get(3).args().get("correctiveEventIds")).contains("urn:uuid:2");
  }

  @Test
  void aWrongFieldIsNamedByItsPath() throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(VALID);
    ((ObjectNode) doc.at("/epcisBody/eventList/2")).put("action", "MOVE");
    assertThatThrownBy(() -> EpcisDocumentReader.read(doc)).isInstanceOf(EpcisException.class)
        .extracting(e -> ((EpcisException) e).field()).isEqualTo("epcisBody.eventList[2].action");
  }

  /** EpcisDocumentFuzzTest's finding (fuzz/…/crash-5cea…): childEPCs as an object threw a NullPointerException, a 500. */
  @Test
  void childEpcsThatAreNotAListAreNamed() throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(VALID);
    ((ObjectNode) doc.at("/epcisBody/eventList/1")).set("childEPCs", JSON.readTree("{\"id\":\"urn:epc:id:sgln:9506000.00001.0\"}"));
    assertThatThrownBy(() -> EpcisDocumentReader.read(doc)).isInstanceOf(EpcisException.class)
        .hasMessage("epcisBody.eventList[1].childEPCs: is a list of EPCs");
  }

  /** Every path to a value in the valid document. */
  static List<String> paths(JsonNode n, String at) {
    List<String> out = new ArrayList<>();
    if (!at.isEmpty()) {
      out.add(at);
    }
    if (n.isObject()) {
      n.fieldNames().forEachRemaining(f -> out.addAll(paths(n.get(f), at + "/" + f.replace("~", "~0").replace("/", "~1"))));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        out.addAll(paths(n.get(i), at + "/" + i));
      }
    }
    return out;
  }

  static Gen<String> fieldPaths() {
    try {
      return arbitrary().pick(paths(JSON.readTree(VALID), ""));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Any text or number, the empty values of each JSON kind, and near misses of the values the reader expects. */
  static Gen<JsonNode> replacements() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return Generate.oneOf(text(40).map(f::textNode), integers().all().map(f::numberNode),
        Generate.constant(f::nullNode), Generate.constant(f::objectNode), Generate.constant(f::arrayNode),
        arbitrary().pick("https://id.gs1.org/01/09506000134352/21/%zz", "urn:epc:id:sgtin:1.2.3", "urn:epc:id:sscc:..",
            "2026-13-45T99:00:00Z", "+25:99", "DELETE", "OBSERVE", "AggregationEvent", "shipping", "unpacking").map(f::textNode),
        Generate.constant(() -> f.booleanNode(true)));
  }

  @Test
  void anyFieldRemovedOrReplacedIsMappedOrNamed() {
    qt().withExamples(1000).forAll(fieldPaths(), replacements(), booleans().all()).checkAssert((path, value, remove) -> {
      try {
        anyFieldRemovedOrReplacedIsMappedOrNamed(path, value, remove);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  static void anyFieldRemovedOrReplacedIsMappedOrNamed(String path, JsonNode value, boolean remove) throws java.io.IOException {
    JsonNode doc = JSON.readTree(VALID);
    int slash = path.lastIndexOf('/');
    JsonNode parent = doc.at(path.substring(0, slash));
    String last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode o) {
      if (remove) {
        o.remove(last);
      } else {
        o.set(last, value);
      }
    } else if (parent instanceof ArrayNode a) {
      if (remove) {
        a.remove(Integer.parseInt(last));
      } else {
        a.set(Integer.parseInt(last), value);
      }
    }
    try {
      List<DrugEvent> events = EpcisDocumentReader.read(doc);
      assertThat(DrugEvent.decodeList(DrugEvent.encodeList(events), 1 << 20)).isEqualTo(events);
    } catch (EpcisException e) {
      assertThat(e.field()).isNotBlank();
      assertThat(e.getMessage()).startsWith(e.field() + ": ");
    }
  }

  @Test
  void scannerDecodersAnswerAnyTextOrSayWhatIsWrong() {
    qt().withExamples(2000).forAll(codes()).checkAssert(EpcisDocumentReaderProperties::scannerDecodersAnswerAnyTextOrSayWhatIsWrong);
  }

  static void scannerDecodersAnswerAnyTextOrSayWhatIsWrong(String code) {
    for (Runnable r : List.<Runnable>of(() -> DigitalLink.parse(code), () -> ElementString.parse(code), () -> EpcUri.parse(code))) {
      try {
        r.run();
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  /** Text made of the pieces scanners read (and some they should not), up to twelve of them. */
  static Gen<String> codes() {
    Gen<String> pieces = arbitrary().pick("/01/", "09506000134352", "/21/", "/10/", "?", "&", "10=", "17=", "%", "%2", "%41",
        "(01)", "(21)", "(10)", "(17)", "(", ")", "\u001d", "]d2", "01", "21", "17", "10", "281231", "urn:epc:id:sgtin:", "urn:epc:id:sscc:",
        ".", "9506000", "013435", "https://id.gs1.org", "/00/", "095060001000000012", "x", "é", "");
    return lists().of(pieces).ofSizeBetween(0, 12).map(l -> String.join("", l));
  }

}
