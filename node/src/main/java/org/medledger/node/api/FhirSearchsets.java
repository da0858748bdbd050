package org.medledger.node.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirPage;

/**
 * A page of search matches as a FHIR {@code searchset} Bundle: {@code total}, the {@code self}
 * link and, when there are more, {@code next} (and {@code previous}), then one entry per match
 * with its {@code fullUrl}. Each resource's JSON is written as the provider gave it, never
 * re-parsed. Links are built from the node's FHIR base and the search's own parameters (those the
 * type declares, in their declared order, then the page's), so a link repeats no header and no
 * parameter the search does not honour.
 */
final class FhirSearchsets {
  private static final JsonFactory JSON = new JsonFactory();

  private FhirSearchsets() {}

  /**
   * @param parameters the search parameters given, by name, in the type's declared order
   */
  static byte[] write(String fhirBase, String type, Map<String, List<String>> parameters, FhirPage page, FhirMatches matches) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("resourceType", "Bundle");
      g.writeStringField("type", "searchset");
      g.writeNumberField("total", matches.total());
      g.writeArrayFieldStart("link");
      link(g, "self", fhirBase, type, parameters, page.offset(), page.count());
      if ((long) page.offset() + page.count() < matches.total() && page.count() > 0) {
        link(g, "next", fhirBase, type, parameters, page.offset() + page.count(), page.count());
      }
      if (page.offset() > 0) {
        link(g, "previous", fhirBase, type, parameters, Math.max(0, page.offset() - page.count()), page.count());
      }
      g.writeEndArray();
      if (!matches.entries().isEmpty()) { // FHIR: no empty arrays
        g.writeArrayFieldStart("entry");
        for (FhirMatches.Entry e : matches.entries()) {
          g.writeStartObject();
          g.writeStringField("fullUrl", fhirBase + "/" + e.resourceType() + "/" + e.id());
          g.writeFieldName("resource");
          g.writeRawValue(new String(e.json(), StandardCharsets.UTF_8));
          g.writeObjectFieldStart("search");
          g.writeStringField("mode", "match");
          g.writeEndObject();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void link(JsonGenerator g, String relation, String fhirBase, String type, Map<String, List<String>> parameters,
      int offset, int count) throws IOException {
    StringBuilder url = new StringBuilder(fhirBase).append('/').append(type).append('?');
    parameters.forEach((name, values) -> values.forEach(v -> url.append(encode(name)).append('=').append(encode(v)).append('&')));
    url.append(FhirPaging.COUNT).append('=').append(count).append('&').append(FhirPaging.OFFSET).append('=').append(offset);
    g.writeStartObject();
    g.writeStringField("relation", relation);
    g.writeStringField("url", url.toString());
    g.writeEndObject();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
