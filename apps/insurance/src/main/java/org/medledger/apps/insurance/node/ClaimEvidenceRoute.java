package org.medledger.apps.insurance.node;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.node.fhir.ClaimEvidence;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.HealthRecordReader;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;

/**
 * {@code GET /v1/insurance/claims/{id}/evidence/{n}}: the insurer's assessor reads the {@code n}th
 * record a claim cites (issue 15, item 3) only through the health-records application's policy
 * point, for payment ({@code HPAYMT}): served under a consent in force from the patient to the
 * insurer, refused without one, and either way the access event is committed to the ledger first,
 * as for any read of a record. The claim is adjudicated on its coded lines whatever this answers.
 * Only the claim's own insurer's assessors use the route; a member who may not see the claim finds
 * nothing, as if it did not exist.
 */
final class ClaimEvidenceRoute {
  static final String PURPOSE = "HPAYMT";
  private final Ledger ledger;
  private final InsuranceAccess access;
  private final Supplier<Optional<HealthRecordReader>> records;

  ClaimEvidenceRoute(Ledger ledger, InsuranceAccess access, Supplier<Optional<HealthRecordReader>> records) {
    this.ledger = ledger;
    this.access = access;
    this.records = records;
  }

  void read(Context ctx) {
    Identity who = Requests.identity(ctx);
    Hash id = InsuranceJson.parseHash(ctx.pathParam("id"), "claim id");
    StateReader state = ledger.state();
    Optional<Claim> c = InsuranceReads.claim(state, id);
    if (c.isEmpty() || access.claim(state, who, c.get()) == InsuranceAccess.View.NONE) {
      throw ApiError.notFound("no claim " + id.hex() + " that you may see");
    }
    Claim claim = c.get();
    if (!who.organisation().equals(claim.insurer()) || !who.hasRole("insurer")) {
      throw AuthException.forbidden("a claim's evidence is read by its insurer's assessors (" + claim.insurer()
          + "); you are " + who.role() + " of " + who.organisation() + ": read records through /v1/records under the"
          + " patient's consent");
    }
    List<Hash> evidence = ClaimEvidence.records(claim);
    int n;
    try {
      n = Integer.parseInt(ctx.pathParam("n"));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("n: '" + ctx.pathParam("n") + "' is not a number; the claim cites " + evidence.size()
          + " record(s), numbered from 1");
    }
    if (n < 1 || n > evidence.size()) {
      throw ApiError.notFound("claim " + id.hex() + " cites " + evidence.size() + " record(s), numbered from 1; there is no "
          + n);
    }
    HealthRecordReader reader = records.get().orElseThrow(() -> new ApiError(503, "unavailable",
        "this node runs no health-records application: a claim's evidence is read only through its policy point"));
    HealthRecordReader.Read read = reader.read(who, evidence.get(n - 1), PURPOSE,
        ctx.header(HealthRecordReader.READ_REQUEST_HEADER));
    ctx.header("X-MedLedger-Audit-Tx", read.auditTx());
    if (read instanceof HealthRecordReader.Refused refused) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("error", refused.erased() ? "erased" : "refused");
      m.put("message", refused.reason());
      m.put("record", evidence.get(n - 1).hex());
      m.put("auditTx", refused.auditTx());
      ctx.status(refused.erased() ? 410 : 403).json(m);
      return;
    }
    HealthRecordReader.Served served = (HealthRecordReader.Served) read;
    ctx.header("X-MedLedger-Basis", served.basis());
    if (served.consent() != null) {
      ctx.header("X-MedLedger-Consent", served.consent());
    }
    ctx.contentType(served.resourceType().equals("Binary") ? "application/octet-stream" : "application/fhir+json")
        .result(served.content());
  }
}
