package org.medledger.apps.records.node.api;

import java.time.Clock;
import java.util.List;
import java.util.TreeSet;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.fhir.FhirJson;
import org.medledger.node.application.FhirResources;
import org.medledger.node.ledger.Ledger;
import org.medledger.apps.records.node.RecordVault;

/**
 * The FHIR resource types health records serves through the node's façade: the ledger's own
 * records ({@code Consent}, {@code AuditEvent}, {@code DocumentReference}, {@code Provenance}) and
 * every other R4 resource type as a record kept in the vault ({@link StoredResources}: create and
 * read, an {@code Observation}, a {@code Binary}, ...), since a hospital stores whatever FHIR
 * resource its systems write, unless another application serves the type as its own.
 */
public final class RecordsFhirTypes {
  static final List<String> LEDGER_TYPES = List.of("AuditEvent", "Consent", "DocumentReference", "Provenance");

  private RecordsFhirTypes() {}

  public static void register(FhirResources fhir, Ledger ledger, HealthService health, RecordVault vault, AuditGate audits,
      Clock clock) {
    fhir.add("Consent", new ConsentResources(ledger, health, clock));
    fhir.add("AuditEvent", new AuditEventResources(ledger, health));
    fhir.add("DocumentReference", new RecordResources(ledger, health, RecordResources.View.DOCUMENT_REFERENCE));
    fhir.add("Provenance", new RecordResources(ledger, health, RecordResources.View.PROVENANCE));
    StoredResources stored = new StoredResources(health, vault, audits);
    for (String type : storedTypes()) {
      // Another application may give one of these its own meaning (insurance's Claim): it takes the type.
      fhir.addFallback(type, stored);
    }
  }

  /** Every FHIR R4 resource type HAPI knows but the ledger's own, in name order. */
  static List<String> storedTypes() {
    TreeSet<String> types = new TreeSet<>(FhirJson.context().getResourceTypes());
    types.removeAll(LEDGER_TYPES);
    return List.copyOf(types);
  }
}
