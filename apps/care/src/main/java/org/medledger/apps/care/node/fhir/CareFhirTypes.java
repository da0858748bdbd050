package org.medledger.apps.care.node.fhir;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.apps.care.contract.CareKind;
import org.medledger.apps.care.node.CareLooks;
import org.medledger.apps.care.node.CareTimeline;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.FhirResources;
import org.medledger.node.application.HealthRecordReader;
import org.medledger.node.ledger.Ledger;

/**
 * The FHIR R4 resource types care serves through the node's façade (issue 16, "Both";
 * docs/care.md, "FHIR"): a plan's or goal's version chain as one versioned {@code CarePlan} or
 * {@code Goal} (each version's document read through records' policy point, its {@code _history}
 * on routes of care's own), and the patient's episodes at each hospital as {@code EpisodeOfCare},
 * built from the ledger's plan versions and milestones.
 */
public final class CareFhirTypes {
  private CareFhirTypes() {}

  public static void register(FhirResources fhir, ApiRoutes routes, Ledger ledger, Supplier<Optional<HealthRecordReader>> records,
      CareTimeline timeline, CareLooks looks, Clock clock, Supplier<String> apiBase) {
    PlanResources plans = new PlanResources(ledger, CareKind.CARE_PLAN, records);
    PlanResources goals = new PlanResources(ledger, CareKind.GOAL, records);
    fhir.add("CarePlan", plans);
    fhir.add("Goal", goals);
    fhir.add("EpisodeOfCare", new EpisodeResources(ledger, timeline, looks, clock));
    new PlanHistoryRoutes(apiBase, plans, goals).register(routes);
  }
}
