package org.medledger.apps.care.node.fhir;

import io.javalin.http.Context;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.care.contract.CareKind;
import org.medledger.apps.care.contract.Milestone;
import org.medledger.apps.care.contract.MilestoneType;
import org.medledger.apps.care.contract.PlanVersion;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.api.Requests;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.HealthRecordReader;
import org.medledger.node.ledger.Ledger;

/**
 * A care plan's or goal's version chain as one versioned FHIR {@code CarePlan} or {@code Goal}:
 * its id is the chain's (version 1's record), {@code meta.versionId} the ledger's version number,
 * {@code meta.lastUpdated} the time of the block that appended it. The content of each version is
 * the document the clinician stored, read through records' policy point ({@link
 * HealthRecordReader}: the patient's consent decides and the access event, served or refused, is
 * committed before the answer), never a copy; the reader signs a read request for each version's
 * record ({@link ReadRequests}). A {@code Goal} shows the ledger's milestones: once a
 * {@code goal-achieved} milestone names it (before its next version), that version is {@code
 * completed} and {@code achieved}, whatever the document said when written.
 */
final class PlanResources implements FhirResourceProvider {
  private final Ledger ledger;
  private final CareKind kind;
  private final Supplier<Optional<HealthRecordReader>> records;

  PlanResources(Ledger ledger, CareKind kind, Supplier<Optional<HealthRecordReader>> records) {
    this.ledger = ledger;
    this.kind = kind;
    this.records = records;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.VREAD, FhirInteraction.HISTORY_INSTANCE);
  }

  /** {@code GET /fhir/{type}/{id}}: the chain's latest version. */
  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    StateReader state = ledger.state();
    List<PlanVersion> versions = chain(state, id);
    return new FhirAnswer.Resource(CareFhir.json(version(request.http(), ReadRequests.of(request.http()), state, versions,
        versions.size())));
  }

  /** {@code GET /fhir/{type}/{id}/_history/{vid}}: one version, by its number on the ledger. */
  @Override
  public FhirAnswer vread(FhirRequest request, String id, String vid) {
    Context http = request.http();
    StateReader state = ledger.state();
    List<PlanVersion> versions = chain(state, id);
    long number;
    try {
      number = Long.parseLong(vid);
    } catch (NumberFormatException e) {
      number = 0;
    }
    if (number < 1 || number > versions.size()) {
      throw new FhirProblem(404, "not-found", "no " + kind.resourceType() + "/" + id + "/_history/" + vid + ": its versions are 1"
          + " to " + versions.size());
    }
    return new FhirAnswer.Resource(CareFhir.json(version(http, ReadRequests.of(http), state, versions, (int) number)));
  }

  /** {@code GET /fhir/{type}/{id}/_history}: every version, newest first, each read through the policy point. */
  @Override
  public FhirAnswer history(FhirRequest request, String id) {
    Context http = request.http();
    String fhirBase = request.fhirBase();
    StateReader state = ledger.state();
    List<PlanVersion> versions = chain(state, id);
    Bundle b = new Bundle().setType(Bundle.BundleType.HISTORY).setTotal(versions.size());
    ReadRequests signed = ReadRequests.of(http);
    for (int n = versions.size(); n >= 1; n--) {
      Resource r = version(http, signed, state, versions, n);
      PlanVersion v = versions.get(n - 1);
      Bundle.BundleEntryComponent e = b.addEntry().setFullUrl(fhirBase + "/" + kind.resourceType() + "/" + id).setResource(r);
      e.getRequest().setMethod(n == 1 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
          .setUrl(n == 1 ? kind.resourceType() : kind.resourceType() + "/" + id);
      e.getResponse().setStatus(n == 1 ? "201 Created" : "200 OK").setEtag("W/\"" + n + "\"")
          .setLastModified(new Date(v.timestamp()));
    }
    return new FhirAnswer.Resource(CareFhir.json(b));
  }

  /** The chain {@code id} names, of this kind; 404 when there is none. */
  private List<PlanVersion> chain(StateReader state, String id) {
    List<PlanVersion> versions = CareFhir.hash(id).map(h -> CareContract.chain(state, h)).orElse(List.of());
    if (versions.isEmpty() || versions.get(0).kind() != kind) {
      throw new FhirProblem(404, "not-found", "no " + kind.resourceType() + "/" + id + ": no " + kind.resourceType()
          + "'s version chain starts at that record");
    }
    return versions;
  }

  /** Version {@code number} (from 1) as its document, read through the policy point, with the ledger's id and meta. */
  private Resource version(Context http, ReadRequests signed, StateReader state, List<PlanVersion> versions, int number) {
    PlanVersion v = versions.get(number - 1);
    HealthRecordReader reader = records.get().orElseThrow(() -> new FhirProblem(503, "not-supported",
        "this node runs no health records application: care documents are read through it"));
    String request = signed.naming(v.record(), kind.resourceType() + "/" + v.chain().hex() + " version " + number);
    HealthRecordReader.Read read = reader.read(Requests.identity(http), v.record(), "TREAT", request);
    if (read instanceof HealthRecordReader.Refused refused) {
      throw new FhirProblem(refused.erased() ? 410 : 403, refused.erased() ? "deleted" : "forbidden", kind.resourceType() + "/"
          + v.chain().hex() + " version " + number + ": " + refused.reason() + " (the refusal is logged in transaction "
          + refused.auditTx() + ")");
    }
    Resource r = CareFhir.parse(((HealthRecordReader.Served) read).content(), kind.resourceType());
    r.setId(v.chain().hex());
    r.getMeta().setVersionId(Long.toString(number)).setLastUpdated(new Date(v.timestamp()));
    if (r instanceof Goal goal) {
      long nextHeight = number < versions.size() ? versions.get(number).height() : Long.MAX_VALUE;
      achievement(state, v, nextHeight).ifPresent(m -> achieved(goal, m));
    }
    return r;
  }

  /** The first goal-achieved milestone naming this goal before its next version, if any. */
  private static Optional<Milestone> achievement(StateReader state, PlanVersion v, long nextHeight) {
    for (Milestone m : CareContract.milestonesOf(state, v.patient())) {
      if (m.type() == MilestoneType.GOAL_ACHIEVED && m.chain().equals(Optional.of(v.chain())) && m.height() < nextHeight) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static void achieved(Goal goal, Milestone m) {
    goal.setLifecycleStatus(Goal.GoalLifecycleStatus.COMPLETED);
    goal.setAchievementStatus(new CodeableConcept().addCoding(new Coding(CareFhir.GOAL_ACHIEVEMENT, "achieved", "Achieved")));
    goal.setStatusDateElement(new org.hl7.fhir.r4.model.DateType(java.time.Instant.ofEpochMilli(m.timestamp())
        .atZone(java.time.ZoneOffset.UTC).toLocalDate().toString()));
    goal.setStatusReason("goal-achieved milestone " + m.id().hex() + " (its receipt: /v1/receipts/tx/" + m.id().hex() + ")");
  }
}
