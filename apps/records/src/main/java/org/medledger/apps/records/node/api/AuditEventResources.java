package org.medledger.apps.records.node.api;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.fhir.FhirViews;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;
import org.medledger.node.ledger.Ledger;

/**
 * FHIR {@code AuditEvent}: the ledger's access events (served and refused reads), searched by
 * patient and date; a patient sees who read what of hers, a regulator every patient's. Searched,
 * not read one by one: an event's id is a short form of where the ledger holds it.
 */
final class AuditEventResources implements FhirResourceProvider {
  static final FhirSearchParameter DATE = new FhirSearchParameter("date", "date",
      "[ge|gt|le|lt|eq]YYYY-MM-DD (UTC), repeatable: when the access happened");
  private final Ledger ledger;
  private final HealthService health;

  AuditEventResources(Ledger ledger, HealthService health) {
    this.ledger = ledger;
    this.health = health;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public List<FhirSearchParameter> searchParameters() {
    return List.of(PatientScope.PATIENT, DATE);
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    var state = ledger.state();
    long[] range;
    try {
      range = dateRange(request.http().queryParams("date"));
    } catch (IllegalArgumentException e) {
      throw new FhirProblem(400, "invalid", e.getMessage());
    }
    List<Supplier<? extends Resource>> views = new ArrayList<>();
    for (PatientId p : PatientScope.patients(request, state, health)) {
      AuditContract.visit(state, p, (eid, e) -> {
        if (e.time() >= range[0] && e.time() < range[1]) {
          views.add(() -> FhirViews.auditEvent(e, eid));
        }
      });
    }
    return PatientScope.page(request, views);
  }

  /** FHIR date search: {@code [ge|gt|le|lt|eq]YYYY-MM-DD}, repeatable; returns [from, until) in ms. */
  static long[] dateRange(List<String> params) {
    long from = Long.MIN_VALUE;
    long until = Long.MAX_VALUE;
    for (String d : params) {
      String prefix = d.length() > 2 && Character.isLetter(d.charAt(0)) ? d.substring(0, 2) : "eq";
      String value = prefix.equals("eq") && !d.startsWith("eq") ? d : d.substring(2);
      long start;
      try {
        start = LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("date '" + d + "' must be [ge|gt|le|lt|eq]YYYY-MM-DD");
      }
      long end = start + 86_400_000L;
      switch (prefix) {
        case "ge" -> from = Math.max(from, start);
        case "gt" -> from = Math.max(from, end);
        case "le" -> until = Math.min(until, end);
        case "lt" -> until = Math.min(until, start);
        case "eq" -> {
          from = Math.max(from, start);
          until = Math.min(until, end);
        }
        default -> throw new IllegalArgumentException("date prefix '" + prefix + "' is not one of ge, gt, le, lt, eq");
      }
    }
    return new long[] {from, until};
  }
}
