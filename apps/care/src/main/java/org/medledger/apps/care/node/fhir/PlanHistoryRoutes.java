package org.medledger.apps.care.node.fhir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.function.Supplier;
import org.medledger.node.api.ApiError;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.auth.AuthException;

/**
 * The versions of a {@code CarePlan} or {@code Goal}: {@code GET /fhir/{type}/{id}/_history/{vid}}
 * (vread) and {@code GET /fhir/{type}/{id}/_history} (a {@code history} Bundle). The node's façade
 * routes only read, search and create, so care adds these two itself, answering as the façade does:
 * {@code application/fhir+json}, and every refusal an OperationOutcome.
 */
final class PlanHistoryRoutes {
  private static final String FHIR_JSON = "application/fhir+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Supplier<String> apiBase;
  private final PlanResources[] providers;

  PlanHistoryRoutes(Supplier<String> apiBase, PlanResources... providers) {
    this.apiBase = apiBase;
    this.providers = providers;
  }

  void register(ApiRoutes routes) {
    for (PlanResources p : providers) {
      String type = p.kind().resourceType();
      routes.get("/fhir/" + type + "/{id}/_history", ctx -> answer(ctx, () -> p.history(ctx, ctx.pathParam("id"),
          apiBase.get() + "/fhir")));
      routes.get("/fhir/" + type + "/{id}/_history/{vid}", ctx -> answer(ctx, () -> p.vread(ctx, ctx.pathParam("id"),
          ctx.pathParam("vid"))));
    }
  }

  private static void answer(Context ctx, Supplier<byte[]> work) {
    try {
      ctx.status(200).contentType(FHIR_JSON).result(work.get());
    } catch (FhirProblem e) {
      outcome(ctx, e.status(), e.issueCode(), e.getMessage());
    } catch (ApiError e) {
      outcome(ctx, e.status(), e.status() == 503 ? "transient" : e.status() == 403 ? "forbidden" : "invalid", e.getMessage());
    } catch (AuthException e) {
      outcome(ctx, e.isThrottled() ? 429 : e.isForbidden() ? 403 : 401, e.isForbidden() ? "forbidden" : "login", e.getMessage());
    }
  }

  private static void outcome(Context ctx, int status, String code, String message) {
    ObjectNode o = JSON.createObjectNode().put("resourceType", "OperationOutcome");
    o.putArray("issue").addObject().put("severity", "error").put("code", code).put("diagnostics", message);
    ctx.status(status).contentType(FHIR_JSON).result(o.toString());
  }
}
