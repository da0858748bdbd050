package org.medledger.apps.credentials.node.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.VerificationResult;
import org.medledger.apps.credentials.node.VerificationReads;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.application.FhirProblem;

/**
 * {@code VerificationResult/{hash}} of a recorded primary-source verification: the kept document,
 * read through the point of read (the clinician's consent judged and the read logged on the
 * ledger first, refused ones too), with what the ledger adds: when it was verified
 * ({@code lastPerformed}, the block's time), when it is due again ({@code nextScheduled}, R4's name for it, by its
 * authority's maximum age) and {@code status} {@code req-revalid} once it is renewal-due
 * ({@code val-fail} when the licence behind it is revoked).
 */
final class RecordedVerificationResults {
  private final VerificationReads reads;

  RecordedVerificationResults(VerificationReads reads) {
    this.reads = reads;
  }

  byte[] read(Caller reader, Hash id) {
    VerificationReads.Answer a;
    try {
      a = reads.read(reader, id);
    } catch (ApiError e) {
      String code = switch (e.status()) {
        case 404 -> "not-found";
        case 410 -> "deleted";
        default -> "transient";
      };
      throw new FhirProblem(e.status(), code, e.getMessage());
    }
    if (!a.served()) {
      throw new FhirProblem(403, "forbidden", a.refusal().get() + " (this refused read is logged on the ledger by "
          + "transaction " + a.auditTx() + ")");
    }
    VerificationResult r = FhirContext.forR4Cached().newJsonParser().parseResource(VerificationResult.class,
        new String(a.document().get(), StandardCharsets.UTF_8));
    r.setId(id.hex());
    r.setLastPerformedElement(CredentialFhir.time(a.entry().time()));
    r.setNextScheduledElement(new DateType(Instant.ofEpochMilli(a.nextScheduled()).atZone(ZoneOffset.UTC).toLocalDate()
        .toString()));
    switch (a.status()) {
      case "val-fail" -> r.setStatus(VerificationResult.Status.VALFAIL);
      case "renewal-due" -> r.setStatus(VerificationResult.Status.REQREVALID);
      default -> {
        // the document's own status stands
      }
    }
    return CredentialFhir.json(r);
  }
}
