package org.medledger.node.application;

/**
 * The FHIR RESTful interactions a provider may offer for its type ({@code
 * CapabilityStatement.rest.resource.interaction.code}); the façade refuses the others, 405.
 */
public enum FhirInteraction {
  /** {@code GET /fhir/{type}/{id}} */
  READ("read"),
  /** {@code GET /fhir/{type}/{id}/_history/{vid}}: one version of a versioned resource */
  VREAD("vread"),
  /** {@code GET /fhir/{type}/{id}/_history}: every version, as a {@code history} Bundle */
  HISTORY_INSTANCE("history-instance"),
  /** {@code GET /fhir/{type}?...} */
  SEARCH_TYPE("search-type"),
  /** {@code POST /fhir/{type}} */
  CREATE("create");

  private final String code;

  FhirInteraction(String code) {
    this.code = code;
  }

  /** FHIR's code for it (TypeRestfulInteraction). */
  public String code() {
    return code;
  }
}
