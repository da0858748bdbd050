package org.medledger.apps.safety.node.events;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.medledger.apps.safety.contract.events.AdverseEventQueries;
import org.medledger.apps.safety.contract.events.CaseHead;
import org.medledger.apps.safety.contract.events.CaseVersion;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.api.Requests;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;
import org.medledger.node.ledger.Ledger;

/**
 * FHIR R4 {@code AdverseEvent}: read (the latest version), vread (any version: each follow-up is
 * one, none overwritten), history, and search by {@code subject}. A case the caller may not see
 * ({@link EventViewer#maySeeCase}) reads as absent, never as forbidden: its existence names a patient.
 */
final class AdverseEventResources implements FhirResourceProvider {
  private final Ledger ledger;
  private final EventViewer viewer;

  AdverseEventResources(Ledger ledger, EventViewer viewer) {
    this.ledger = ledger;
    this.viewer = viewer;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.VREAD, FhirInteraction.HISTORY_INSTANCE, FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public List<FhirSearchParameter> searchParameters() {
    return List.of(new FhirSearchParameter("subject", "reference", "Patient/<patient id>: her cases (the regulator, or she herself)"));
  }

  private CaseHead visibleCase(FhirRequest request, StateReader state, String id) {
    CaseHead head = (id.matches("[0-9a-f]{64}") ? AdverseEventQueries.caseHead(state, id) : java.util.Optional.<CaseHead>empty())
        .filter(h -> viewer.of(state, Requests.identity(request.http())).map(v -> EventViewer.maySeeCase(state, v, h)).orElse(false))
        .orElseThrow(() -> new FhirProblem(404, "not-found", "no AdverseEvent/" + id + " of yours"));
    return head;
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    StateReader state = ledger.state();
    CaseHead head = visibleCase(request, state, id);
    List<CaseVersion> versions = AdverseEventQueries.versions(state, id);
    return new FhirAnswer.Resource(AdverseEventFhir.json(AdverseEventFhir.of(head, versions.get(versions.size() - 1))));
  }

  @Override
  public FhirAnswer vread(FhirRequest request, String id, String versionId) {
    StateReader state = ledger.state();
    CaseHead head = visibleCase(request, state, id);
    CaseVersion v = AdverseEventQueries.versions(state, id).stream().filter(x -> Integer.toString(x.version()).equals(versionId))
        .findFirst().orElseThrow(() -> new FhirProblem(404, "not-found", "AdverseEvent/" + id + " has no version " + versionId
            + " (it has " + head.versions() + ")"));
    return new FhirAnswer.Resource(AdverseEventFhir.json(AdverseEventFhir.of(head, v)));
  }

  @Override
  public FhirAnswer history(FhirRequest request, String id) {
    StateReader state = ledger.state();
    CaseHead head = visibleCase(request, state, id);
    List<CaseVersion> versions = AdverseEventQueries.versions(state, id);
    Bundle b = new Bundle().setType(Bundle.BundleType.HISTORY).setTotal(versions.size());
    for (int n = versions.size(); n >= 1; n--) {
      CaseVersion v = versions.get(n - 1);
      Bundle.BundleEntryComponent e = b.addEntry().setFullUrl(request.fhirBase() + "/AdverseEvent/" + id)
          .setResource(AdverseEventFhir.of(head, v));
      e.getRequest().setMethod(n == 1 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT).setUrl(n == 1 ? "AdverseEvent" : "AdverseEvent/" + id);
      e.getResponse().setStatus(n == 1 ? "201 Created" : "200 OK").setEtag("W/\"" + n + "\"").setLastModified(new Date(v.time()));
    }
    return new FhirAnswer.Resource(AdverseEventFhir.json(b));
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    String subject = request.query("subject");
    if (subject == null || !subject.matches("(Patient/)?[0-9a-f]{64}")) {
      throw new FhirProblem(400, "invalid", "search AdverseEvent by subject=Patient/<patient id (64 hex)>");
    }
    String patient = subject.substring(subject.length() - 64);
    StateReader state = ledger.state();
    var v = viewer.of(state, Requests.identity(request.http()));
    if (v.isEmpty() || !EventViewer.maySeePatient(state, v.get(), patient)) {
      return FhirMatches.page(List.of(), request.page());
    }
    List<FhirMatches.Entry> all = new ArrayList<>();
    for (String id : AdverseEventQueries.casesOfPatient(state, patient)) {
      CaseHead head = AdverseEventQueries.caseHead(state, id).orElseThrow();
      List<CaseVersion> versions = AdverseEventQueries.versions(state, id);
      all.add(new FhirMatches.Entry("AdverseEvent", id, AdverseEventFhir.json(AdverseEventFhir.of(head, versions.get(versions.size() - 1)))));
    }
    return FhirMatches.page(all, request.page());
  }
}
