package org.medledger.apps.records.node.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.fhir.FhirJson;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.api.Requests;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirSearchParameter;
import org.medledger.node.auth.Identity;

/**
 * What the ledger's own FHIR types share: the caller as the contracts see it, the patients a
 * search covers ({@code patient}, or every patient whose metadata the caller may see), a page of
 * views rendered only for the matches in it, and the addresses a view names.
 */
final class PatientScope {
  static final FhirSearchParameter PATIENT = new FhirSearchParameter("patient", "reference",
      "Patient/<patient id> or the bare id; without it, every patient whose metadata the caller may see");

  private PatientScope() {}

  static Caller caller(FhirRequest request) {
    Identity who = Requests.identity(request.http());
    return new Caller(who.certificateId(), who.organisation(), who.role(), who.name());
  }

  /** A patient the caller may not see gives no match, as one that does not exist does. */
  static List<PatientId> patients(FhirRequest request, StateReader state, HealthService health) {
    Caller who = caller(request);
    String p = request.query("patient");
    if (p == null) {
      return health.visiblePatients(who);
    }
    PatientId id;
    try {
      id = PatientId.parse(p.startsWith("Patient/") ? p.substring("Patient/".length()) : p);
    } catch (IllegalArgumentException e) {
      throw new FhirProblem(400, "invalid", "patient: " + e.getMessage());
    }
    return health.maySee(state, who, id) ? List.of(id) : List.of();
  }

  /** The page of {@code views} the request asks for, each rendered (HAPI) only if it is in the page. */
  static FhirMatches page(FhirRequest request, List<Supplier<? extends Resource>> views) {
    List<FhirMatches.Entry> entries = request.page().slice(views).stream().map(v -> entry(v.get())).toList();
    return new FhirMatches(views.size(), entries);
  }

  static FhirMatches.Entry entry(Resource r) {
    return new FhirMatches.Entry(r.fhirType(), r.getIdElement().getIdPart(), json(r));
  }

  static byte[] json(Resource r) {
    return FhirJson.write(r).getBytes(StandardCharsets.UTF_8);
  }

  /** Where a record's content is read: a Binary's raw bytes under /v1, any other type through the façade. */
  static String contentUrl(FhirRequest request, HealthRecordEntry e) {
    return "Binary".equals(e.resourceType()) ? request.apiBase() + "/v1/records/" + e.recordHash().hex() + "/content"
        : request.fhirBase() + "/" + e.resourceType() + "/" + e.recordHash().hex();
  }

  static FhirProblem notVisible(String type, String id) {
    return new FhirProblem(404, "not-found", "no " + type + "/" + id + " that you may see");
  }
}
