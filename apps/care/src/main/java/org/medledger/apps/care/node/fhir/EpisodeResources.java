package org.medledger.apps.care.node.fhir;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.care.node.CareLooks;
import org.medledger.apps.care.node.CareTimeline;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
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
 * FHIR {@code EpisodeOfCare}: the patient's episodes at each hospital as the ledger tells them
 * ({@link CareEpisodes}): {@code finished} with its discharge's time as {@code period.end}, else
 * {@code active}; the hospital as {@code managingOrganization}. Read by id (the transaction that
 * opened it) and searched by {@code patient}. Who sees an episode is the timeline's rule: the viewer
 * must see the timeline, and the episode's hospital must be among those whose entries it shows her;
 * every look, served or refused, is logged on the ledger with {@code care.timelineViewed} before the
 * answer, as the timeline's are.
 */
final class EpisodeResources implements FhirResourceProvider {
  static final String EPISODE_SYSTEM = "urn:medledger:care:episode";
  private final Ledger ledger;
  private final CareTimeline timeline;
  private final CareLooks looks;
  private final Clock clock;

  EpisodeResources(Ledger ledger, CareTimeline timeline, CareLooks looks, Clock clock) {
    this.ledger = ledger;
    this.timeline = timeline;
    this.looks = looks;
    this.clock = clock;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public List<FhirSearchParameter> searchParameters() {
    return List.of(new FhirSearchParameter("patient", "reference", "Patient/<patient id>: her episodes at every hospital"
        + " whose care you may see"));
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    StateReader state = ledger.state();
    Hash opened = CareFhir.hash(id).orElseThrow(() -> notFound(id));
    Hash patient = patientOf(opened).orElseThrow(() -> notFound(id));
    CareEpisodes.Episode episode = episodes(state, patient).stream().filter(e -> e.id().equals(opened))
        .findFirst().orElseThrow(() -> notFound(id));
    List<CareEpisodes.Episode> shown = visible(request, state, patient, List.of(episode), true);
    return new FhirAnswer.Resource(CareFhir.json(resource(shown.get(0))));
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    String given = request.query("patient");
    if (given == null || given.isBlank()) {
      throw new FhirProblem(400, "required", "EpisodeOfCare is searched by patient: Patient/<patient id>");
    }
    String hex = given.startsWith("Patient/") ? given.substring("Patient/".length()) : given;
    Hash patient = CareFhir.hash(hex).orElseThrow(() -> new FhirProblem(400, "invalid", "patient '" + given
        + "' must be Patient/<patient id> (64 hex)"));
    StateReader state = ledger.state();
    List<CareEpisodes.Episode> all = episodes(state, patient);
    List<FhirMatches.Entry> entries = new ArrayList<>();
    for (CareEpisodes.Episode e : visible(request, state, patient, all, false)) {
      entries.add(new FhirMatches.Entry("EpisodeOfCare", e.id().hex(), CareFhir.json(resource(e))));
    }
    return FhirMatches.page(entries, request.page());
  }

  /**
   * The episodes the viewer may see, her look logged first; refused (403, logged too) when she may
   * see none of the patient's care. An episode of a hospital her timeline does not show is left out
   * of a search, and refused to a read of that one ({@code one}).
   */
  private List<CareEpisodes.Episode> visible(FhirRequest request, StateReader state, Hash patient,
      List<CareEpisodes.Episode> episodes, boolean one) {
    Caller viewer = Requests.caller(request.http());
    CareTimeline.Result r;
    try {
      r = timeline.build(state, viewer, patient, clock.millis());
    } catch (IllegalArgumentException e) {
      throw new FhirProblem(404, "not-found", e.getMessage());
    }
    List<CareEpisodes.Episode> shown = new ArrayList<>();
    TreeSet<String> hospitals = new TreeSet<>();
    if (r.served()) {
      for (CareEpisodes.Episode e : episodes) {
        if (r.organisations().contains(e.organisation())) {
          shown.add(e);
          hospitals.add(e.organisation());
        }
      }
    }
    boolean served = r.served() && (!one || !shown.isEmpty());
    String audit = looks.log(patient, viewer, served, String.join(",", hospitals), shown.size());
    if (!served) {
      throw new FhirProblem(403, "forbidden", (r.served() ? "that episode's hospital is not among those whose care you may see"
          : r.refusal()) + " (the refusal is logged in transaction " + audit + ")");
    }
    return shown;
  }

  private List<CareEpisodes.Episode> episodes(StateReader state, Hash patient) {
    return CareEpisodes.of(state, patient, height -> ledger.signedHeader(height).map(h -> h.header().timestamp()));
  }

  static EpisodeOfCare resource(CareEpisodes.Episode e) {
    EpisodeOfCare r = new EpisodeOfCare();
    r.setId(e.id().hex());
    r.addIdentifier(new Identifier().setSystem(EPISODE_SYSTEM).setValue(e.id().hex()));
    r.setStatus(e.finished() ? EpisodeOfCare.EpisodeOfCareStatus.FINISHED : EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
    r.setPatient(CareFhir.patient(e.patient()));
    r.setManagingOrganization(CareFhir.organisation(e.organisation()));
    Period period = new Period().setStartElement(CareFhir.time(e.start()));
    e.discharge().ifPresent(d -> period.setEndElement(CareFhir.time(d.timestamp())));
    r.setPeriod(period);
    return r;
  }

  /** The patient a care transaction names: a plan version or a milestone, the only entries that open an episode. */
  private java.util.Optional<Hash> patientOf(Hash tx) {
    return ledger.transaction(tx).map(c -> c.transaction()).filter(t -> CareContract.NAME.equals(t.contract())
        && (CareContract.PLAN_VERSION.equals(t.method()) || CareContract.MILESTONE.equals(t.method())))
        .flatMap(t -> t.args().get("patient")).flatMap(CareFhir::hash);
  }

  private static FhirProblem notFound(String id) {
    return new FhirProblem(404, "not-found", "no EpisodeOfCare/" + id + ": no episode of care was opened by that transaction");
  }
}
