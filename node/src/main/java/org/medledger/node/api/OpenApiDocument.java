package org.medledger.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/openapi.json}: the platform's document with each application's fragment merged
 * in (its {@code paths} and its {@code components}). A path or a component two parts both
 * describe is refused when the API starts: neither silently replaces the other.
 */
final class OpenApiDocument {
  private OpenApiDocument() {}

  static String merged(String platformResource, List<String> fragments) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode doc = (ObjectNode) read(mapper, platformResource);
    for (String fragment : fragments) {
      JsonNode f = read(mapper, fragment);
      mergeObject(doc.withObject("/paths"), f.path("paths"), fragment, "path");
      JsonNode components = f.path("components");
      for (Iterator<Map.Entry<String, JsonNode>> it = components.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> section = it.next();
        mergeObject(doc.withObject("/components").withObject("/" + section.getKey()), section.getValue(), fragment,
            "component " + section.getKey());
      }
    }
    try {
      return mapper.writeValueAsString(doc);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the OpenAPI document", e);
    }
  }

  private static void mergeObject(ObjectNode into, JsonNode from, String fragment, String what) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (into.has(e.getKey())) {
        throw new IllegalStateException("OpenAPI fragment " + fragment + " describes " + what + " '" + e.getKey()
            + "' that another part of the API already describes");
      }
      into.set(e.getKey(), e.getValue());
    }
  }

  private static JsonNode read(ObjectMapper mapper, String resource) {
    String name = resource.startsWith("/") ? resource : "/" + resource;
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("OpenAPI document " + name + " is missing from the class path");
      }
      JsonNode n = mapper.readTree(in);
      if (n == null || !n.isObject()) {
        throw new IllegalStateException("OpenAPI document " + name + " is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new IllegalStateException("OpenAPI document " + name + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
