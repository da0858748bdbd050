package org.medledger.apps.trials.node;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.apps.trials.contract.SubjectRead;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.apps.trials.node.fhir.ResearchSubjects;
import org.medledger.apps.trials.node.fhir.SubjectAccess;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.auth.AuthException;
import org.medledger.node.ledger.Ledger;

/**
 * {@code GET /v1/research-subjects/{participant}/reads}: every logged read of a participant's
 * ResearchSubject, served or refused, from the ledger (who, which organisation and role, the
 * answer, the logging node, height and time), for the patient herself and a regulator: she sees
 * every attempt, as care shows her every look at her timeline.
 */
final class SubjectReadRoutes {
  private final Ledger ledger;
  private final SubjectAccess access;

  SubjectReadRoutes(Ledger ledger, SubjectAccess access) {
    this.ledger = ledger;
    this.access = access;
  }

  void register(ApiRoutes routes) {
    // Who read a participant's enrolment: each refusal is filed in the node's refusal log.
    routes.servingHealthData().get("/v1/research-subjects/{participant}/reads", this::reads);
  }

  private void reads(Context ctx) {
    Caller viewer = Requests.caller(ctx);
    Hash participant = Requests.parseHash(ctx.pathParam("participant"), "participant id");
    StateReader state = ledger.state();
    long height = ledger.height();
    ResearchSubjects.Subject subject = ResearchSubjects.subject(state, participant, 0L).orElseThrow(() -> ApiError.notFound(
        "nobody is enrolled under participant id " + participant.hex()));
    if (!access.maySeeReads(state, viewer, subject.consent().patient())) {
      throw AuthException.forbidden("only the patient herself (or a regulator) sees who read her ResearchSubject");
    }
    List<Map<String, Object>> reads = new ArrayList<>();
    for (SubjectRead r : TrialsContract.readsOf(state, participant)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("logTx", r.id().hex());
      m.put("viewer", r.viewer().hex());
      m.put("organisation", r.viewerOrganisation());
      m.put("role", r.viewerRole());
      m.put("outcome", r.served() ? "served" : "refused");
      m.put("loggedBy", r.loggedBy());
      m.put("height", r.height());
      m.put("timestamp", r.timestamp());
      reads.add(m);
    }
    reads.sort(java.util.Comparator.comparingLong((Map<String, Object> m) -> (Long) m.get("height"))
        .thenComparing(m -> (String) m.get("logTx")));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("participant", participant.hex());
    body.put("trialId", subject.enrolment().trialId());
    body.put("height", height);
    body.put("reads", reads);
    ctx.json(body);
  }
}
