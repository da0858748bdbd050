package org.medledger.node.application;

/**
 * The FHIR R4 façade ({@code /fhir/...}): each application adds the resource types it serves.
 * A type is served by one application; a second registration of it throws.
 */
public interface FhirResources {
  void add(String resourceType, FhirResourceProvider provider);
}
