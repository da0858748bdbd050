package org.medledger.node.application;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * Serves one FHIR resource type from the ledger; a refusal is a {@link FhirProblem} (answered as
 * an OperationOutcome). Every read of health data is checked against
 * consent and audited by the provider before it answers; the façade only routes, wraps searches
 * in a Bundle and maps errors to OperationOutcome.
 */
public interface FhirResourceProvider {
  /** {@code GET /fhir/{type}/{id}}: the resource as JSON, or empty when there is none. */
  Optional<String> read(Context ctx, String id) throws Exception;

  /** {@code GET /fhir/{type}?...}: the matching resources, each as JSON. */
  List<String> search(Context ctx) throws Exception;

  /**
   * {@code POST /fhir/{type}}: stores the resource in the body and answers (201 and the created
   * resource, say); a type the ledger keeps as its own records refuses, as by default.
   */
  default void create(Context ctx) throws Exception {
    throw new FhirProblem(405, "not-supported", "this node does not create " + ctx.pathParam("type") + " resources here");
  }
}
