package org.medledger.apps.safety.node.events;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.view.DrugLots;
import org.medledger.apps.safety.contract.events.AdverseEventQueries;
import org.medledger.apps.safety.contract.events.AdverseEventsContract;
import org.medledger.apps.safety.contract.events.CaseHead;
import org.medledger.apps.safety.contract.events.CaseVersion;
import org.medledger.apps.safety.contract.events.Exposure;
import org.medledger.apps.safety.contract.events.Signal;
import org.medledger.apps.safety.contract.events.Suspect;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.auth.AuthException;
import org.medledger.node.ledger.Ledger;

/**
 * The adverse-event API (docs/safety.md, "Adverse events"), reads only: reports are transactions
 * their members sign ({@code medledger adverse-event report}). Every answer is judged on the
 * ledger's view of the caller ({@link EventViewer}): a case the caller may not see is 404, as if
 * absent; the regulator's views refuse anyone else with 403.
 *
 * <ul>
 *   <li>{@code GET /v1/adverse-events/{case}}: the case, every version, and what it links to: the
 *       lot's record in drugs' state, or the device unit's assignments (each one's patient for a
 *       regulator, or for that patient herself only).
 *   <li>{@code GET /v1/adverse-events?patient=}: her cases (the regulator, or she herself).
 *   <li>{@code GET /v1/adverse-events/received?patient=}: the packs pharmacies recorded she received.
 *   <li>{@code GET /v1/adverse-events/lot?gtin=&lot=}: the regulator's view of a lot: its record,
 *       holders, reports, and who received it (consenting patients by id, the others counted);
 *       404 for a lot never commissioned.
 *   <li>{@code GET /v1/signals}: the regulator's counts per lot and per device model, thresholds,
 *       and signals, each with the state key of its receipt.
 * </ul>
 */
final class AdverseEventRoutes {
  private final Ledger ledger;
  private final EventViewer viewer;
  private final DeviceLinks devices;

  AdverseEventRoutes(Ledger ledger, EventViewer viewer, DeviceLinks devices) {
    this.ledger = ledger;
    this.viewer = viewer;
    this.devices = devices;
  }

  void register(ApiRoutes routes) {
    // Cases name patients: each refusal is filed in the node's refusal log. Signals are counts.
    ApiRoutes healthData = routes.servingHealthData();
    healthData.get("/v1/adverse-events", this::casesOfPatient);
    healthData.get("/v1/adverse-events/received", this::received);
    healthData.get("/v1/adverse-events/lot", this::lot);
    healthData.get("/v1/adverse-events/{case}", this::oneCase);
    routes.get("/v1/signals", this::signals);
  }

  private EventViewer.Viewer viewer(Context ctx, StateReader state) {
    return viewer.of(state, Requests.identity(ctx))
        .orElseThrow(() -> AuthException.forbidden("your certificate is not a member in good standing on the ledger"));
  }

  private EventViewer.Viewer regulator(Context ctx, StateReader state) {
    EventViewer.Viewer v = viewer(ctx, state);
    if (!v.regulator()) {
      throw AuthException.forbidden("this view is the regulator's; the ledger holds your certificate as " + v.role() + " of "
          + v.organisation());
    }
    return v;
  }

  private static String patientParam(Context ctx) {
    String p = ctx.queryParam("patient");
    if (p == null || !p.matches("[0-9a-f]{64}")) {
      throw ApiError.badRequest("query parameter patient: a patient id, 64 lower-case hex characters");
    }
    return p;
  }

  private void oneCase(Context ctx) {
    StateReader state = ledger.state();
    String id = ctx.pathParam("case");
    if (!id.matches("[0-9a-f]{64}")) {
      throw ApiError.badRequest("case: a case id, 64 lower-case hex characters (the first report's transaction id)");
    }
    EventViewer.Viewer v = viewer(ctx, state);
    CaseHead head = AdverseEventQueries.caseHead(state, id).filter(h -> EventViewer.maySeeCase(state, v, h))
        .orElseThrow(() -> ApiError.notFound("no adverse-event case " + id + " of yours"));
    Map<String, Object> m = caseSummary(head);
    List<Map<String, Object>> versions = new ArrayList<>();
    for (CaseVersion cv : AdverseEventQueries.versions(state, id)) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("version", cv.version());
      x.put("reactions", cv.reactions());
      x.put("description", cv.description());
      x.put("seriousness", cv.seriousness().code());
      x.put("outcome", cv.outcome().code());
      x.put("causality", cv.causality().map(c -> c.code()).orElse(null));
      x.put("onset", cv.onset());
      x.put("reporterOrganisation", cv.reporterOrganisation());
      x.put("height", cv.height());
      x.put("transactionId", cv.transactionId());
      x.put("receipt", "/v1/receipts/tx/" + cv.transactionId());
      versions.add(x);
    }
    m.put("versions", versions);
    boolean seesPatients = EventViewer.maySeePatient(state, v, head.patient());
    if (head.suspect() instanceof Suspect.DrugLot d) {
      Map<String, Object> lot = LotRecord.of(state, d.gtin(), d.lot());
      if (v.regulator()) {
        lot.put("receivedBy", LotRecord.exposure(state, d.gtin(), d.lot()));
      } else if (seesPatients) {
        lot.put("yourPacks", AdverseEventQueries.received(state, head.patient()).stream()
            .filter(e -> e.gtin().equals(d.gtin()) && e.lot().equals(d.lot())).map(Exposure::serial).toList());
      }
      m.put("lotRecord", lot);
    } else if (head.suspect() instanceof Suspect.DeviceUnit u) {
      m.put("deviceUnit", devices.unit(state, u.udi(), patient -> EventViewer.maySeePatient(state, v, patient)));
    }
    ctx.json(m);
  }

  private static Map<String, Object> caseSummary(CaseHead head) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("case", head.caseId());
    m.put("patient", head.patient());
    m.put("reporterOrganisation", head.reporterOrganisation());
    m.put("reporterRole", head.reporterRole());
    m.put("patientReported", head.patientReported());
    m.put("reportedHeight", head.reportedHeight());
    m.put("versionCount", head.versions());
    if (head.suspect() instanceof Suspect.DrugLot d) {
      m.put("suspect", Map.of("kind", "lot", "gtin", d.gtin(), "lot", d.lot(), "serial", d.serial()));
    } else if (head.suspect() instanceof Suspect.DeviceUnit u) {
      m.put("suspect", Map.of("kind", "device", "udi", u.udi(), "model", u.model()));
    }
    return m;
  }

  private void casesOfPatient(Context ctx) {
    StateReader state = ledger.state();
    String patient = patientParam(ctx);
    EventViewer.Viewer v = viewer(ctx, state);
    if (!EventViewer.maySeePatient(state, v, patient)) {
      throw AuthException.forbidden("a patient's cases are hers and the regulator's to list");
    }
    List<Map<String, Object>> cases = new ArrayList<>();
    for (String id : AdverseEventQueries.casesOfPatient(state, patient)) {
      cases.add(caseSummary(AdverseEventQueries.caseHead(state, id).orElseThrow()));
    }
    ctx.json(Map.of("patient", patient, "cases", cases));
  }

  private void received(Context ctx) {
    StateReader state = ledger.state();
    String patient = patientParam(ctx);
    EventViewer.Viewer v = viewer(ctx, state);
    if (!EventViewer.maySeePatient(state, v, patient)) {
      throw AuthException.forbidden("which packs a patient received is hers and the regulator's to see");
    }
    List<Map<String, Object>> packs = new ArrayList<>();
    for (Exposure e : AdverseEventQueries.received(state, patient)) {
      packs.add(Map.of("gtin", e.gtin(), "lot", e.lot(), "serial", e.serial(), "pharmacy", e.pharmacy(), "height", e.height()));
    }
    ctx.json(Map.of("patient", patient, "contactable", AdverseEventQueries.contactable(state, patient), "packs", packs));
  }

  private void lot(Context ctx) {
    StateReader state = ledger.state();
    regulator(ctx, state);
    String gtin = ctx.queryParam("gtin");
    String lot = ctx.queryParam("lot");
    Gtin g;
    try {
      g = Gtin.parse(gtin == null ? "" : gtin);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("query parameter gtin: " + e.getMessage());
    }
    if (lot == null || lot.isEmpty() || lot.length() > 20) {
      throw ApiError.badRequest("query parameter lot: 1-20 characters (GS1 AI 10)");
    }
    // A mistyped lot would otherwise read as a lot nobody holds or received, and a recall of it would look complete.
    // A read is not bounded like a transaction's work, so every pack of the GTIN may be visited.
    if (DrugLots.lot(state, g, lot, Integer.MAX_VALUE) == DrugLots.LotPresence.ABSENT) {
      throw ApiError.notFound("lot " + lot + " of GTIN " + gtin + " was never commissioned on this ledger");
    }
    Map<String, Object> m = LotRecord.of(state, gtin, lot);
    m.put("receivedBy", LotRecord.exposure(state, gtin, lot));
    m.put("height", ledger.headSignedHeader().header().height());
    ctx.json(m);
  }

  private void signals(Context ctx) {
    StateReader state = ledger.state();
    regulator(ctx, state);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("height", ledger.headSignedHeader().header().height());
    m.put("reportsPerLot", AdverseEventQueries.counts(state, "lot"));
    m.put("reportsPerModel", AdverseEventQueries.counts(state, "model"));
    Map<String, Object> thresholds = new LinkedHashMap<>();
    AdverseEventQueries.thresholds(state).forEach((k, t) -> thresholds.put(k, Map.of("reports", t.reports(), "setBy", t.setBy(),
        "height", t.height())));
    m.put("thresholds", thresholds);
    List<Map<String, Object>> signals = new ArrayList<>();
    for (Signal s : AdverseEventQueries.signals(state)) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("kind", s.kind());
      x.put("subject", s.subject());
      x.put("count", s.count());
      x.put("threshold", s.threshold());
      x.put("case", s.caseId());
      x.put("height", s.height());
      x.put("receiptKey", AdverseEventsContract.NAME + "/" + AdverseEventQueries.signalKey(s));
      signals.add(x);
    }
    m.put("signals", signals);
    ctx.json(m);
  }
}
