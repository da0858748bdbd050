package org.medledger.apps.safety.node.readings;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.medledger.apps.safety.contract.readings.DeviceReading;

/**
 * The readings of one anchored batch that belong to one patient, as the FHIR R4 document the
 * vault keeps for her: a {@code collection} Bundle of {@code Observation}s, each naming the
 * reading's place in the anchored batch ({@code identifier}), its device by UDI, the time the
 * device stated and the value as the device wrote it. The decimal goes into JSON as written
 * (never through a double), so the vault's copy says what the device signed.
 */
final class ReadingObservations {
  /** Identifies a reading by where it is anchored: {@code <organisation>/<batch>/<leaf index>}. */
  static final String READING_SYSTEM = "urn:medledger:device-reading";
  static final String UDI_SYSTEM = "urn:medledger:udi";
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  /** One reading with its leaf index in its batch. */
  record Placed(int leafIndex, DeviceReading reading) {}

  private ReadingObservations() {}

  static byte[] bundle(String patient, String organisation, String batchId, List<Placed> readings) {
    ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
    ArrayNode entries = bundle.putArray("entry");
    for (Placed p : readings) {
      String anchoredAt = organisation + "/" + batchId + "/" + p.leafIndex();
      // FHIR wants each entry of a collection named; a name-based UUID of where the reading is anchored names it the same way every time.
      ObjectNode entry = entries.addObject().put("fullUrl", "urn:uuid:" + java.util.UUID.nameUUIDFromBytes(
          (READING_SYSTEM + "|" + anchoredAt).getBytes(StandardCharsets.UTF_8)));
      entry.set("resource", observation(patient, anchoredAt, p.reading()));
    }
    try {
      return JSON.writeValueAsString(bundle).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode observation(String patient, String anchoredAt, DeviceReading r) {
    ObjectNode o = JSON.createObjectNode().put("resourceType", "Observation");
    o.putArray("identifier").addObject().put("system", READING_SYSTEM).put("value", anchoredAt);
    o.put("status", "final");
    o.putObject("code").putArray("coding").addObject().put("system", r.codeSystem()).put("code", r.code());
    o.putObject("subject").put("reference", "Patient/" + patient);
    o.put("effectiveDateTime", Instant.ofEpochMilli(r.statedAtMillis()).toString());
    ObjectNode device = o.putObject("device");
    device.putObject("identifier").put("system", UDI_SYSTEM).put("value", r.udi());
    device.put("display", "device " + r.udi() + ", reading " + r.sequence());
    o.putObject("valueQuantity").put("value", new BigDecimal(r.value())).put("unit", r.unit())
        .put("system", "http://unitsofmeasure.org").put("code", r.unit());
    return o;
  }
}
