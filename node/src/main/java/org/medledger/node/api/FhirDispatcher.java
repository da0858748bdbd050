package org.medledger.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirPage;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirResources;
import org.medledger.node.application.FhirSearchParameter;
import org.medledger.node.auth.AuthException;

/**
 * The FHIR R4 façade ({@code /fhir}): routes {@code /fhir/{type}}, {@code /fhir/{type}/{id}} and
 * its {@code _history} (history-instance) and {@code _history/{vid}} (vread) to
 * the provider an application registered for the type, for the interactions it declared; pages a
 * search into a {@code searchset} Bundle ({@link FhirSearchsets}, {@link FhirPaging}); writes a
 * create's {@code Location}; serves {@code /fhir/metadata} ({@link FhirCapabilities}); answers
 * every refusal as an OperationOutcome. Every address it writes is the node's configured public
 * one, never the request's {@code Host}. What may be read, and its audit, is the provider's.
 */
final class FhirDispatcher implements FhirResources {
  static final String FHIR_JSON = "application/fhir+json";
  private final TreeMap<String, FhirResourceProvider> providers = new TreeMap<>();
  private final TreeMap<String, FhirResourceProvider> fallbacks = new TreeMap<>();
  private final ObjectMapper mapper = new ObjectMapper();
  private final Supplier<String> apiBase;
  private final Clock clock;
  private volatile boolean sealed;
  private Instant since;

  /**
   * @param apiBase the node's public API address (ApiServer.publicBase), asked on each request
   */
  FhirDispatcher(Supplier<String> apiBase, Clock clock) {
    this.apiBase = apiBase;
    this.clock = clock;
  }

  @Override
  public synchronized void add(String resourceType, FhirResourceProvider provider) {
    check(resourceType, provider);
    if (providers.putIfAbsent(resourceType, provider) != null) {
      throw new IllegalArgumentException("FHIR " + resourceType + " is already served by another application");
    }
  }

  @Override
  public synchronized void addFallback(String resourceType, FhirResourceProvider provider) {
    check(resourceType, provider);
    if (fallbacks.putIfAbsent(resourceType, provider) != null) {
      throw new IllegalArgumentException("FHIR " + resourceType + " already has a fallback provider");
    }
  }

  private void check(String resourceType, FhirResourceProvider provider) {
    if (sealed) {
      throw new IllegalStateException("FHIR resource types are registered before the API starts");
    }
    if (resourceType == null || !resourceType.matches(TYPE_PATTERN) || resourceType.equals("metadata")) {
      throw new IllegalArgumentException("'" + resourceType + "' is not a FHIR resource type name");
    }
    var interactions = provider.interactions();
    if (interactions.isEmpty()) {
      throw new IllegalArgumentException("FHIR " + resourceType + "'s provider offers no interaction");
    }
    if (!interactions.contains(FhirInteraction.SEARCH_TYPE) && !provider.searchParameters().isEmpty()) {
      throw new IllegalArgumentException("FHIR " + resourceType + " declares search parameters but no search");
    }
    if (provider.searchParameters().stream().map(FhirSearchParameter::name).distinct().count() != provider.searchParameters().size()) {
      throw new IllegalArgumentException("FHIR " + resourceType + " declares a search parameter twice");
    }
  }

  /** Adds the façade's routes and their OpenAPI description when an application serves a type; none otherwise. */
  synchronized void registerRoutes(ApiRoutes routes) {
    sealed = true;
    since = clock.instant();
    fallbacks.forEach(providers::putIfAbsent);
    if (providers.isEmpty()) {
      return;
    }
    // The CapabilityStatement lists types, no one's data; every other FHIR route serves health data.
    routes.add(HandlerType.GET, "/fhir/metadata", ApiRoutes.Access.AUTHENTICATED, this::metadata);
    ApiRoutes healthData = routes.servingHealthData();
    healthData.add(HandlerType.GET, "/fhir/{type}", ApiRoutes.Access.AUTHENTICATED, this::search);
    healthData.add(HandlerType.POST, "/fhir/{type}", ApiRoutes.Access.AUTHENTICATED, BodyLimit.DOCUMENT, this::create);
    healthData.add(HandlerType.GET, "/fhir/{type}/{id}", ApiRoutes.Access.AUTHENTICATED, this::read);
    healthData.add(HandlerType.GET, "/fhir/{type}/{id}/_history", ApiRoutes.Access.AUTHENTICATED, this::history);
    healthData.add(HandlerType.GET, "/fhir/{type}/{id}/_history/{vid}", ApiRoutes.Access.AUTHENTICATED, this::vread);
    routes.openApi("/openapi/fhir.json");
  }

  List<String> types() {
    return List.copyOf(providers.keySet());
  }

  private void metadata(Context ctx) {
    answer(ctx, () -> ctx.status(200).contentType(FHIR_JSON)
        .result(mapper.writeValueAsBytes(FhirCapabilities.statement(mapper, providers, fhirBase(), since))));
  }

  private void read(Context ctx) {
    answer(ctx, () -> {
      String type = ctx.pathParam("type");
      String id = ctx.pathParam("id");
      FhirResourceProvider provider = provider(type, FhirInteraction.READ);
      send(ctx, type, provider.read(request(ctx, type, new FhirPage(0, 0)), checkedId(type, id)));
    });
  }

  private void vread(Context ctx) {
    answer(ctx, () -> {
      String type = ctx.pathParam("type");
      String id = ctx.pathParam("id");
      String vid = ctx.pathParam("vid");
      FhirResourceProvider provider = provider(type, FhirInteraction.VREAD);
      checkedId(type, id);
      if (!vid.matches(ID_PATTERN)) {
        throw new FhirProblem(404, "not-found", "no " + type + "/" + id + " has the version '" + shorten(vid) + "': a FHIR"
            + " version id is 1 to 64 of [A-Za-z0-9-.]");
      }
      send(ctx, type, provider.vread(request(ctx, type, new FhirPage(0, 0)), id, vid));
    });
  }

  private void history(Context ctx) {
    answer(ctx, () -> {
      String type = ctx.pathParam("type");
      String id = ctx.pathParam("id");
      FhirResourceProvider provider = provider(type, FhirInteraction.HISTORY_INSTANCE);
      send(ctx, type, provider.history(request(ctx, type, new FhirPage(0, 0)), checkedId(type, id)));
    });
  }

  private static String checkedId(String type, String id) {
    if (!id.matches(ID_PATTERN)) {
      throw new FhirProblem(404, "not-found", "no " + type + " has the id '" + shorten(id) + "': a FHIR id is 1 to 64 of"
          + " [A-Za-z0-9-.]");
    }
    return id;
  }

  private void search(Context ctx) {
    answer(ctx, () -> {
      String type = ctx.pathParam("type");
      FhirResourceProvider provider = provider(type, FhirInteraction.SEARCH_TYPE);
      FhirPage page = FhirPaging.page(ctx.queryParams(FhirPaging.COUNT), ctx.queryParams(FhirPaging.OFFSET));
      FhirMatches matches = provider.search(request(ctx, type, page));
      if (matches.entries().size() > page.count()) {
        throw new IllegalStateException("FHIR " + type + "'s provider answered " + matches.entries().size()
            + " matches for a page of " + page.count());
      }
      Map<String, List<String>> given = new LinkedHashMap<>();
      for (FhirSearchParameter p : provider.searchParameters()) {
        List<String> values = ctx.queryParams(p.name());
        if (!values.isEmpty()) {
          given.put(p.name(), values);
        }
      }
      ctx.status(200).contentType(FHIR_JSON).result(FhirSearchsets.write(fhirBase(), type, given, page, matches));
    });
  }

  private void create(Context ctx) {
    answer(ctx, () -> {
      String type = ctx.pathParam("type");
      FhirResourceProvider provider = provider(type, FhirInteraction.CREATE);
      send(ctx, type, provider.create(request(ctx, type, new FhirPage(0, 0)), ctx.bodyAsBytes()));
    });
  }

  private FhirRequest request(Context ctx, String type, FhirPage page) {
    String api = apiBase.get();
    return new FhirRequest(ctx, type, page, api, api + "/fhir");
  }

  private String fhirBase() {
    return apiBase.get() + "/fhir";
  }

  private void send(Context ctx, String type, FhirAnswer answer) {
    if (answer instanceof FhirAnswer.Resource r) {
      r.versionId().ifPresent(v -> ctx.header("ETag", etag(v)));
      ctx.status(200).contentType(FHIR_JSON).result(r.json());
    } else if (answer instanceof FhirAnswer.Binary b) {
      b.versionId().ifPresent(v -> ctx.header("ETag", etag(v)));
      ctx.status(200).contentType(b.contentType()).result(b.content());
    } else if (answer instanceof FhirAnswer.Created c) {
      ctx.header("Location", fhirBase() + "/" + type + "/" + c.id() + c.versionId().map(v -> "/_history/" + v).orElse(""));
      ctx.status(201).contentType(FHIR_JSON).result(c.json());
    } else {
      throw new IllegalStateException("no FHIR answer " + answer);
    }
  }

  /** FHIR's weak ETag of a version (RESTful API, "Versioning"): {@code W/"1"}. */
  static String etag(String versionId) {
    return "W/\"" + versionId + "\"";
  }

  FhirResourceProvider provider(String type, FhirInteraction interaction) {
    FhirResourceProvider p = providers.get(type);
    if (p == null) {
      throw new FhirProblem(404, "not-supported", "this node serves no FHIR " + shorten(type) + " (GET /fhir/metadata lists"
          + " the types it serves)");
    }
    if (!p.interactions().contains(interaction)) {
      throw new FhirProblem(405, "not-supported", "FHIR " + type + " has no " + interaction.code() + " interaction on this"
          + " node (it has: " + String.join(", ", Arrays.stream(FhirInteraction.values())
          .filter(p.interactions()::contains).map(FhirInteraction::code).toList()) + ")");
    }
    return p;
  }

  private static String shorten(String s) {
    return s.length() > 70 ? s.substring(0, 70) + "…" : s;
  }

  /** Never a /v1 error body under /fhir: a FHIR client reads OperationOutcomes. */
  private void answer(Context ctx, Work work) {
    try {
      work.run();
    } catch (FhirProblem e) {
      outcome(ctx, e.status(), e.issueCode(), e.getMessage());
    } catch (ApiError e) {
      outcome(ctx, e.status(), switch (e.status()) {
        case 404 -> "not-found";
        case 403 -> "forbidden";
        case 503 -> "transient";
        default -> "invalid";
      }, e.getMessage());
    } catch (AuthException e) {
      Refusals.answered(ctx, e.reason());
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
    // A refused signed read request names its code first ("missing_read_request: …"): the refusal log files that code.
    java.util.regex.Matcher readRequest = READ_REQUEST_REFUSAL.matcher(message == null ? "" : message);
    Refusals.answered(ctx, readRequest.lookingAt() ? readRequest.group(1) : code.replace('-', '_'));
    ObjectNode o = mapper.createObjectNode().put("resourceType", "OperationOutcome");
    o.putArray("issue").addObject().put("severity", "error").put("code", code).put("diagnostics", message);
    try {
      ctx.status(status).contentType(FHIR_JSON).result(mapper.writeValueAsBytes(o));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final java.util.regex.Pattern READ_REQUEST_REFUSAL = java.util.regex.Pattern.compile("([a-z_]+_read_request): ");

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }
}
