package org.medledger.node.application;

import java.util.List;
import java.util.Set;

/**
 * Serves one FHIR resource type (or several, registered once each) for an application. It
 * declares what it offers, {@link #interactions()} and {@link #searchParameters()}: the façade
 * routes only those to it, refuses the others (405), and lists them in {@code /fhir/metadata}.
 * The façade owns the rest: the routes, paging a search into a {@code searchset} Bundle with its
 * links, the {@code Location} of a create, every refusal ({@link FhirProblem}) as an
 * OperationOutcome, all of it addressed from the node's configured public address. What may be
 * read is the provider's: every read of health data is checked against consent on the ledger and
 * audited by the provider before it answers, a refused one too.
 */
public interface FhirResourceProvider {
  /** What this provider answers for its type. */
  Set<FhirInteraction> interactions();

  /** The search parameters it honours (none unless it offers {@link FhirInteraction#SEARCH_TYPE}). */
  default List<FhirSearchParameter> searchParameters() {
    return List.of();
  }

  /** {@code GET /fhir/{type}/{id}}; one the caller may not see, or none, is a {@link FhirProblem} (404). */
  default FhirAnswer read(FhirRequest request, String id) throws Exception {
    throw unsupported(request, FhirInteraction.READ);
  }

  /**
   * {@code GET /fhir/{type}/{id}/_history/{versionId}}: that version; no such resource or version
   * (or one the caller may not see) is a {@link FhirProblem} (404).
   */
  default FhirAnswer vread(FhirRequest request, String id, String versionId) throws Exception {
    throw unsupported(request, FhirInteraction.VREAD);
  }

  /** {@code GET /fhir/{type}/{id}/_history}: a {@code history} Bundle of its versions, newest first. */
  default FhirAnswer history(FhirRequest request, String id) throws Exception {
    throw unsupported(request, FhirInteraction.HISTORY_INSTANCE);
  }

  /** {@code GET /fhir/{type}?...}: the matches in {@code request.page()} and how many there are in all. */
  default FhirMatches search(FhirRequest request) throws Exception {
    throw unsupported(request, FhirInteraction.SEARCH_TYPE);
  }

  /** {@code POST /fhir/{type}}: stores {@code body}, answering {@link FhirAnswer.Created}. */
  default FhirAnswer create(FhirRequest request, byte[] body) throws Exception {
    throw unsupported(request, FhirInteraction.CREATE);
  }

  private static FhirProblem unsupported(FhirRequest request, FhirInteraction interaction) {
    return new FhirProblem(405, "not-supported", "FHIR " + request.resourceType() + " has no " + interaction.code()
        + " interaction on this node");
  }
}
