package org.medledger.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;

/**
 * {@code GET /fhir/metadata}: the node's CapabilityStatement (FHIR R4, kind {@code instance}),
 * listing exactly the resource types applications registered, each with the interactions and
 * search parameters its provider declares, and the paging cap.
 */
final class FhirCapabilities {
  private FhirCapabilities() {}

  /**
   * @param since when this node's API started: the statement's {@code date}, since what it says
   *     changes only when the node restarts with other applications
   */
  static ObjectNode statement(ObjectMapper mapper, Map<String, FhirResourceProvider> providers, String fhirBase, Instant since) {
    ObjectNode s = mapper.createObjectNode().put("resourceType", "CapabilityStatement").put("status", "active")
        .put("date", since.truncatedTo(ChronoUnit.SECONDS).toString()).put("kind", "instance").put("fhirVersion", "4.0.1");
    s.putArray("format").add("json");
    s.putObject("implementation").put("description", "MedLedger node FHIR R4 façade").put("url", fhirBase);
    ObjectNode rest = s.putArray("rest").addObject().put("mode", "server").put("documentation",
        "Every request needs a bearer token (POST /v1/auth/challenge, then /v1/auth/token). A search answers at most "
            + FhirPaging.MAX_COUNT + " matches a page (_count, " + FhirPaging.DEFAULT_COUNT + " when not given; a larger"
            + " _count is refused): follow the Bundle's next link, which carries _offset.");
    ArrayNode resources = rest.putArray("resource");
    providers.forEach((type, provider) -> {
      ObjectNode r = resources.addObject().put("type", type);
      ArrayNode interactions = r.putArray("interaction");
      for (FhirInteraction i : FhirInteraction.values()) {
        if (provider.interactions().contains(i)) {
          interactions.addObject().put("code", i.code());
        }
      }
      if (provider.interactions().contains(FhirInteraction.SEARCH_TYPE) && !provider.searchParameters().isEmpty()) {
        ArrayNode params = r.putArray("searchParam");
        for (FhirSearchParameter p : provider.searchParameters()) {
          params.addObject().put("name", p.name()).put("type", p.type()).put("documentation", p.documentation());
        }
      }
    });
    return s;
  }
}
