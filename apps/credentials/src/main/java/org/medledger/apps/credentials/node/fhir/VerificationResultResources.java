package org.medledger.apps.credentials.node.fhir;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.VerificationResult;
import org.medledger.apps.credentials.contract.Verifications;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.CredentialProblem;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.api.Requests;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.ledger.Ledger;

/**
 * FHIR {@code VerificationResult} of a credential, id the hash of its signed document in force:
 * the licensing authority's attestation. A recorded primary-source verification (what was checked
 * at the university or the previous board) has an id of its own, its document's hash, and is
 * served from the kept document through the point of read ({@link RecordedVerificationResults}).
 * The attestation says: {@code validationType} {@code nothing}, the issuing member and her organisation
 * as the attestation with the time of the block that committed the issue, and the ledger's status
 * now ({@code attested} while it stands, {@code req-revalid} suspended or out of its validity,
 * {@code val-fail} revoked) with the time of its last change.
 */
final class VerificationResultResources implements FhirResourceProvider {
  static final String VALIDATION_TYPE = "http://terminology.hl7.org/CodeSystem/verificationresult-validation-type";
  private final Ledger ledger;
  private final Clock clock;

  private final RecordedVerificationResults recorded;

  VerificationResultResources(Ledger ledger, Clock clock, RecordedVerificationResults recorded) {
    this.ledger = ledger;
    this.clock = clock;
    this.recorded = recorded;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ);
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    StateReader state = ledger.state();
    Optional<Hash> document = CredentialFhir.hash(id);
    if (recorded != null && document.isPresent()
        && Verifications.find(state, document.get()).isPresent()) {
      return new FhirAnswer.Resource(recorded.read(Requests.caller(request.http()), document.get()));
    }
    Optional<Credential> c = document.flatMap(d -> CredentialFhir.all(state).stream()
        .filter(x -> x.document().equals(d)).findFirst());
    if (c.isEmpty()) {
      throw new FhirProblem(404, "not-found",
          "no VerificationResult/" + id + ": no credential's document in force has that hash");
    }
    long issuedAt = ledger.signedHeader(c.get().issuedHeight()).map(h -> h.header().timestamp())
        .orElseThrow(() -> new FhirProblem(404, "not-found", "the block that issued it is not held by this node"));
    return new FhirAnswer.Resource(CredentialFhir.json(of(c.get(), issuedAt, clock.millis())));
  }

  /** @param now this node's clock, by which validity is judged as {@code GET /v1/credentials/{issuer}/{licence}} judges it */
  static VerificationResult of(Credential c, long issuedAt, long now) {
    VerificationResult r = new VerificationResult();
    r.setId(c.document().hex());
    r.addTarget(new Reference("Practitioner/" + c.holder().hex()));
    r.addTargetLocation("Practitioner.qualification");
    r.setStatus(status(c.problemAt(now, null)));
    r.setStatusDateElement(CredentialFhir.time(c.statusTime()));
    r.setValidationType(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(VALIDATION_TYPE, "nothing",
        "Nothing")).setText("no primary-source verification recorded; the licensing authority's attestation"));
    r.getAttestation()
        .setWho(new Reference().setIdentifier(CredentialFhir.certificate(c.issuedBy())).setDisplay("member of " + c.issuer()))
        .setOnBehalfOf(CredentialFhir.organisation(c.issuer()))
        .setDateElement(new DateType(Instant.ofEpochMilli(issuedAt).atZone(ZoneOffset.UTC).toLocalDate().toString()))
        .setSourceIdentityCertificate(CredentialFhir.CERTIFICATE + ":" + c.issuedBy().hex());
    return r;
  }

  private static VerificationResult.Status status(Optional<CredentialProblem> problem) {
    if (problem.isEmpty()) {
      return VerificationResult.Status.ATTESTED;
    }
    return problem.get() == CredentialProblem.REVOKED ? VerificationResult.Status.VALFAIL
        : VerificationResult.Status.REQREVALID;
  }
}
