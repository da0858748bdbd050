package org.medledger.apps.records.node.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A record's content as a clinician reads it on a page: the common FHIR types (Observation,
 * DiagnosticReport, AllergyIntolerance, Condition) as a small table of their fields and the
 * narrative as plain text; any other resource as its JSON; a document as text when it is text.
 * Every value is data to be escaped by the template, never markup: a narrative's HTML is reduced
 * to its text here, so script in it shows as words.
 */
public record ReadableRecord(String resourceType, List<String[]> fields, String narrative, String raw, int bytes) {
  static final Set<String> TABLED = Set.of("Observation", "DiagnosticReport", "AllergyIntolerance", "Condition");
  private static final ObjectMapper JSON = new ObjectMapper();

  public boolean tabled() {
    return !fields.isEmpty();
  }

  static ReadableRecord of(String resourceType, byte[] content) {
    String text = utf8(content);
    if ("Binary".equals(resourceType) || text == null) {
      return new ReadableRecord(resourceType, List.of(), "", text == null ? "" : text, content.length);
    }
    JsonNode r;
    try {
      r = JSON.readTree(text);
    } catch (java.io.IOException e) {
      return new ReadableRecord(resourceType, List.of(), "", text, content.length);
    }
    String pretty = r.toPrettyString();
    String type = r.path("resourceType").asText(resourceType);
    if (!TABLED.contains(type)) {
      return new ReadableRecord(type, List.of(), narrative(r), pretty, content.length);
    }
    List<String[]> f = new ArrayList<>();
    add(f, "What", concept(r.path("code")));
    add(f, "Status", r.path("status").asText(""));
    switch (type) {
      case "Observation" -> {
        add(f, "Value", value(r));
        add(f, "Interpretation", concepts(r.path("interpretation")));
        add(f, "When", first(r, "effectiveDateTime", "issued"));
      }
      case "DiagnosticReport" -> {
        add(f, "Conclusion", r.path("conclusion").asText(""));
        add(f, "Findings", concepts(r.path("conclusionCode")));
        add(f, "Results", String.valueOf(r.path("result").size() == 0 ? "" : r.path("result").size() + " result(s)"));
        add(f, "When", first(r, "effectiveDateTime", "issued"));
      }
      case "AllergyIntolerance" -> {
        add(f, "Clinical status", concept(r.path("clinicalStatus")));
        add(f, "Criticality", r.path("criticality").asText(""));
        List<String> reactions = new ArrayList<>();
        r.path("reaction").forEach(x -> reactions.add(concepts(x.path("manifestation"))
            + (x.hasNonNull("severity") ? " (" + x.path("severity").asText() + ")" : "")));
        add(f, "Reactions", String.join("; ", reactions));
        add(f, "Recorded", r.path("recordedDate").asText(""));
      }
      default -> {
        add(f, "Clinical status", concept(r.path("clinicalStatus")));
        add(f, "Severity", concept(r.path("severity")));
        add(f, "Onset", r.path("onsetDateTime").asText(""));
        add(f, "Recorded", r.path("recordedDate").asText(""));
      }
    }
    add(f, "Notes", notes(r.path("note")));
    if (f.isEmpty()) {
      f.add(new String[] {"Resource", type});
    }
    return new ReadableRecord(type, f, narrative(r), pretty, content.length);
  }

  private static void add(List<String[]> f, String label, String value) {
    if (value != null && !value.isBlank()) {
      f.add(new String[] {label, value});
    }
  }

  private static String first(JsonNode r, String... names) {
    for (String n : names) {
      if (r.hasNonNull(n)) {
        return r.path(n).asText();
      }
    }
    return "";
  }

  /** A CodeableConcept in words: its text, else its codings' displays, else their codes. */
  static String concept(JsonNode c) {
    if (c.hasNonNull("text")) {
      return c.path("text").asText();
    }
    List<String> out = new ArrayList<>();
    c.path("coding").forEach(x -> out.add(x.hasNonNull("display") ? x.path("display").asText()
        : x.path("system").asText("") + (x.has("system") ? "|" : "") + x.path("code").asText("")));
    return String.join(", ", out);
  }

  private static String concepts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(c -> out.add(concept(c)));
    return String.join(", ", out);
  }

  private static String value(JsonNode r) {
    JsonNode q = r.path("valueQuantity");
    if (!q.isMissingNode()) {
      return q.path("value").asText("") + " " + q.path("unit").asText(q.path("code").asText(""));
    }
    if (r.has("valueCodeableConcept")) {
      return concept(r.path("valueCodeableConcept"));
    }
    for (String n : new String[] {"valueString", "valueBoolean", "valueInteger", "valueDateTime"}) {
      if (r.hasNonNull(n)) {
        return r.path(n).asText();
      }
    }
    List<String> parts = new ArrayList<>();
    r.path("component").forEach(c -> parts.add(concept(c.path("code")) + ": " + value(c)));
    return String.join("; ", parts);
  }

  private static String notes(JsonNode notes) {
    List<String> out = new ArrayList<>();
    notes.forEach(n -> out.add(n.path("text").asText("")));
    return String.join("; ", out);
  }

  /** The narrative's text without its markup (the template escapes what is left). */
  static String narrative(JsonNode r) {
    String div = r.path("text").path("div").asText("");
    return div.replaceAll("(?s)<[^>]*>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ").strip();
  }

  private static String utf8(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
