package org.medledger.node.application;

import io.javalin.http.Context;

/**
 * A FHIR request as the façade hands it to a provider: the HTTP exchange (the caller is {@code
 * org.medledger.node.api.Requests.identity(http)}, headers such as a signed read request are
 * read from it), the resource type, the page a search asks for, and the addresses to write into
 * an answer. The addresses are the node's configured public address ({@code api.publicUrl}, else
 * the address the API is bound to), never what the request's {@code Host} header says.
 *
 * @param apiBase e.g. {@code https://hospital-a.example:8443}
 * @param fhirBase {@code apiBase + "/fhir"}
 */
public record FhirRequest(Context http, String resourceType, FhirPage page, String apiBase, String fhirBase) {
  /** A query parameter, or null. */
  public String query(String name) {
    return http.queryParam(name);
  }
}
