package org.medledger.node.application;

/**
 * The FHIR R4 façade ({@code /fhir/...}): each application adds the resource types it serves, each
 * with its provider. A type is served by one application; a second registration of it throws, as
 * does a registration after the API started. An application that keeps any resource a hospital
 * writes (health records' vault) offers its provider as a {@link #addFallback fallback} for the
 * types nobody serves as their own, so an application that gives a type its own meaning (insurance's
 * {@code Claim}) takes it whatever the order applications register in. {@code GET /fhir/metadata}
 * lists exactly the types served, with their interactions and search parameters.
 */
public interface FhirResources {
  /** A FHIR resource type's name: {@code Observation}, {@code DocumentReference}. */
  String TYPE_PATTERN = "[A-Z][A-Za-z]{1,63}";
  /** A FHIR R4 logical id. */
  String ID_PATTERN = "[A-Za-z0-9\\-.]{1,64}";

  void add(String resourceType, FhirResourceProvider provider);

  /**
   * Serves {@code resourceType} with {@code provider} unless an application {@link #add adds} it;
   * one fallback per type.
   */
  void addFallback(String resourceType, FhirResourceProvider provider);
}
