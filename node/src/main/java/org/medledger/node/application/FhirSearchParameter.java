package org.medledger.node.application;

/**
 * A search parameter a provider honours, as the CapabilityStatement lists it.
 *
 * @param name the query parameter, e.g. {@code patient}
 * @param type FHIR's SearchParamType code: {@code reference}, {@code date}, {@code token}, {@code string}, ...
 * @param documentation what it matches, in a sentence
 */
public record FhirSearchParameter(String name, String type, String documentation) {
  private static final java.util.Set<String> TYPES = java.util.Set.of("number", "date", "string", "token", "reference",
      "composite", "quantity", "uri", "special");

  public FhirSearchParameter {
    if (name == null || !name.matches("[a-z][a-z0-9-]{0,63}")) {
      throw new IllegalArgumentException("a search parameter's name is lower case, letters, digits and '-': " + name);
    }
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("search parameter " + name + ": '" + type + "' is not a FHIR search parameter type");
    }
    if (documentation == null || documentation.isBlank()) {
      throw new IllegalArgumentException("search parameter " + name + " needs a sentence saying what it matches");
    }
  }
}
