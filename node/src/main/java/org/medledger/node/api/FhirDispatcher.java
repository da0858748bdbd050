package org.medledger.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirResources;
import org.medledger.node.auth.AuthException;

/**
 * The FHIR R4 façade's shell ({@code /fhir}): routes {@code /fhir/{type}} and {@code
 * /fhir/{type}/{id}} to the provider an application registered for the type, wraps a search in a
 * {@code searchset} Bundle, and answers every refusal as an OperationOutcome. What may be read,
 * and its audit, is the provider's.
 */
final class FhirDispatcher implements FhirResources {
  static final String FHIR_JSON = "application/fhir+json";
  private final TreeMap<String, FhirResourceProvider> providers = new TreeMap<>();
  private final ObjectMapper mapper = new ObjectMapper();
  private volatile boolean sealed;

  @Override
  public synchronized void add(String resourceType, FhirResourceProvider provider) {
    if (sealed) {
      throw new IllegalStateException("FHIR resource types are registered before the API starts");
    }
    if (!resourceType.matches("[A-Z][A-Za-z]{1,63}")) {
      throw new IllegalArgumentException("'" + resourceType + "' is not a FHIR resource type name");
    }
    if (providers.putIfAbsent(resourceType, provider) != null) {
      throw new IllegalArgumentException("FHIR " + resourceType + " is already served by another application");
    }
  }

  /** Adds the façade's routes when an application serves a type; none otherwise. */
  synchronized void registerRoutes(ApiRoutes routes) {
    sealed = true;
    if (providers.isEmpty()) {
      return;
    }
    routes.add(HandlerType.GET, "/fhir/{type}", ApiRoutes.Access.AUTHENTICATED, this::search);
    routes.add(HandlerType.POST, "/fhir/{type}", ApiRoutes.Access.AUTHENTICATED, BodyLimit.DOCUMENT, this::create);
    routes.add(HandlerType.GET, "/fhir/{type}/{id}", ApiRoutes.Access.AUTHENTICATED, this::read);
  }

  List<String> types() {
    return List.copyOf(providers.keySet());
  }

  private void read(Context ctx) {
    answer(ctx, () -> {
      String type = ctx.pathParam("type");
      String id = ctx.pathParam("id");
      Optional<String> found = provider(type).read(ctx, id);
      if (found.isEmpty()) {
        throw new FhirProblem(404, "not-found", "no " + type + "/" + id + " that you may see");
      }
      ctx.status(200).contentType(FHIR_JSON).result(found.get());
    });
  }

  private void search(Context ctx) {
    answer(ctx, () -> {
      List<String> matches = provider(ctx.pathParam("type")).search(ctx);
      ObjectNode bundle = mapper.createObjectNode().put("resourceType", "Bundle").put("type", "searchset")
          .put("total", matches.size());
      ArrayNode entries = bundle.putArray("entry");
      for (String json : matches) {
        ObjectNode resource = (ObjectNode) mapper.readTree(json);
        ObjectNode entry = entries.addObject();
        if (resource.hasNonNull("id")) {
          entry.put("fullUrl", base(ctx) + "/" + resource.path("resourceType").asText() + "/" + resource.get("id").asText());
        }
        entry.set("resource", resource);
        entry.putObject("search").put("mode", "match");
      }
      if (matches.isEmpty()) {
        bundle.remove("entry"); // FHIR: no empty arrays
      }
      ctx.status(200).contentType(FHIR_JSON).result(mapper.writeValueAsString(bundle));
    });
  }

  private void create(Context ctx) {
    answer(ctx, () -> provider(ctx.pathParam("type")).create(ctx));
  }

  private FhirResourceProvider provider(String type) {
    FhirResourceProvider p = providers.get(type);
    if (p == null) {
      throw new FhirProblem(404, "not-supported", "this node serves no FHIR " + type + " (it serves "
          + String.join(", ", providers.keySet()) + ")");
    }
    return p;
  }

  /** Never a /v1 error body under /fhir: a FHIR client reads OperationOutcomes. */
  private void answer(Context ctx, Work work) {
    try {
      work.run();
    } catch (FhirProblem e) {
      outcome(ctx, e.status(), e.issueCode(), e.getMessage());
    } catch (ApiError e) {
      outcome(ctx, e.status(), e.status() == 404 ? "not-found" : e.status() == 403 ? "forbidden" : "invalid", e.getMessage());
    } catch (AuthException e) {
      outcome(ctx, e.isThrottled() ? 429 : e.isForbidden() ? 403 : 401, e.isThrottled() ? "throttled"
          : e.isForbidden() ? "forbidden" : "login", e.getMessage());
    } catch (IllegalArgumentException e) {
      outcome(ctx, 400, "invalid", e.getMessage());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void outcome(Context ctx, int status, String code, String message) {
    ObjectNode o = mapper.createObjectNode().put("resourceType", "OperationOutcome");
    o.putArray("issue").addObject().put("severity", "error").put("code", code).put("diagnostics", message);
    try {
      ctx.status(status).contentType(FHIR_JSON).result(mapper.writeValueAsString(o));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base(Context ctx) {
    return ctx.scheme() + "://" + ctx.host() + "/fhir";
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }
}
