package org.medledger.apps.credentials.node.fhir;

import java.time.Clock;
import org.medledger.apps.credentials.node.VerificationReads;
import org.medledger.node.application.FhirResources;
import org.medledger.node.ledger.Ledger;

/**
 * The FHIR R4 resource types credentials serves through the node's façade (issue 16, "Both";
 * docs/credentials.md, FHIR): a clinician as {@code Practitioner} with her credentials in force as
 * qualifications, and each credential's verification as {@code VerificationResult}. Any signed-in
 * member reads them, as {@code GET /v1/credentials?holder=} answers any member.
 */
public final class CredentialFhirTypes {
  private CredentialFhirTypes() {}

  /** @param reads the point of read of recorded primary-source verifications, served under their own ids; null for none */
  public static void register(FhirResources fhir, Ledger ledger, Clock clock,
      VerificationReads reads) {
    fhir.add("Practitioner", new PractitionerResources(ledger));
    fhir.add("VerificationResult", new VerificationResultResources(ledger, clock,
        reads == null ? null : new RecordedVerificationResults(reads)));
  }
}
