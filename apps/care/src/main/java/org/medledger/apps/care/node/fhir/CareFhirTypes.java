package org.medledger.apps.care.node.fhir;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.apps.care.contract.CareKind;
import org.medledger.apps.care.node.CareLooks;
import org.medledger.apps.care.node.CareTimeline;
import org.medledger.node.application.FhirResources;
import org.medledger.node.application.HealthRecordReader;
import org.medledger.node.ledger.Ledger;

/**
 * The FHIR R4 resource types care serves through the node's façade (issue 16, "Both";
 * docs/care.md, "FHIR"): a plan's or goal's version chain as one versioned {@code CarePlan} or
 * {@code Goal} (read, vread and history-instance; each version's document read through records'
 * policy point), and the patient's episodes at each hospital as {@code EpisodeOfCare},
 * built from the ledger's plan versions and milestones.
 */
public final class CareFhirTypes {
  private CareFhirTypes() {}

  public static void register(FhirResources fhir, Ledger ledger, Supplier<Optional<HealthRecordReader>> records,
      CareTimeline timeline, CareLooks looks, Clock clock) {
    fhir.add("CarePlan", new PlanResources(ledger, CareKind.CARE_PLAN, records));
    fhir.add("Goal", new PlanResources(ledger, CareKind.GOAL, records));
    fhir.add("EpisodeOfCare", new EpisodeResources(ledger, timeline, looks, clock));
  }
}
