package org.medledger.apps.credentials.node.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.CredentialStatus;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;
import org.medledger.node.ledger.Ledger;

/**
 * FHIR {@code Practitioner}: a licensed clinician, id her certificate id, with one {@code
 * qualification} per credential that stands (licence number, profession and specialties, validity,
 * issuer). A suspended or revoked credential is left out: R4's qualification has no status, and a
 * reader who trusts what is listed must not be shown a licence that does not stand; its {@code
 * VerificationResult} says why. An expired one stays, its {@code period} showing the end. Read by
 * id and searched by {@code identifier} (the certificate id or a licence number).
 */
final class PractitionerResources implements FhirResourceProvider {
  private final Ledger ledger;

  PractitionerResources(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public List<FhirSearchParameter> searchParameters() {
    return List.of(new FhirSearchParameter("identifier", "token", "[system|]value: the clinician's certificate id ("
        + CredentialFhir.CERTIFICATE + ") or a licence number (" + CredentialFhir.LICENCE_PREFIX + "<issuer>)"));
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    StateReader state = ledger.state();
    List<Credential> held = CredentialFhir.hash(id).map(h -> CredentialsContract.ofHolder(state, h)).orElse(List.of());
    if (held.isEmpty()) {
      throw new FhirProblem(404, "not-found",
          "no Practitioner/" + id + ": no clinician with that certificate id holds a credential");
    }
    return new FhirAnswer.Resource(CredentialFhir.json(of(held.get(0).holder(), held)));
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    String token = request.query("identifier");
    if (token == null || token.isBlank()) {
      throw new FhirProblem(400, "required", "Practitioner is searched by identifier: a certificate id or a licence number");
    }
    int bar = token.indexOf('|');
    String system = bar < 0 ? null : token.substring(0, bar);
    String value = bar < 0 ? token : token.substring(bar + 1);
    StateReader state = ledger.state();
    TreeSet<String> holders = new TreeSet<>();
    if (system == null || system.equals(CredentialFhir.CERTIFICATE)) {
      CredentialFhir.hash(value).filter(h -> !CredentialsContract.ofHolder(state, h).isEmpty())
          .ifPresent(h -> holders.add(h.hex()));
    }
    if (system == null || system.startsWith(CredentialFhir.LICENCE_PREFIX)) {
      for (Credential c : CredentialFhir.all(state)) {
        if (c.licence().equals(value) && (system == null || system.equals(CredentialFhir.licenceSystem(c.issuer())))) {
          holders.add(c.holder().hex());
        }
      }
    }
    List<FhirMatches.Entry> entries = new ArrayList<>();
    for (String h : request.page().slice(new ArrayList<>(holders))) {
      Hash holder = Hash.fromHex(h);
      entries.add(CredentialFhir.entry(of(holder, CredentialsContract.ofHolder(state, holder))));
    }
    return new FhirMatches(holders.size(), entries);
  }

  static Practitioner of(Hash holder, List<Credential> held) {
    Practitioner p = new Practitioner();
    p.setId(holder.hex());
    p.addIdentifier(CredentialFhir.certificate(holder));
    for (Credential c : held) {
      if (c.status() != CredentialStatus.ACTIVE) {
        continue;
      }
      CodeableConcept code = new CodeableConcept().setText(describe(c));
      code.addCoding().setSystem(CredentialFhir.PROFESSION).setCode(asCode(c.profession())).setDisplay(c.profession());
      for (String s : c.specialties()) {
        code.addCoding().setSystem(CredentialFhir.SPECIALTY).setCode(asCode(s)).setDisplay(s);
      }
      p.addQualification()
          .addIdentifier(new Identifier().setSystem(CredentialFhir.licenceSystem(c.issuer())).setValue(c.licence()))
          .setCode(code)
          .setPeriod(new Period().setStartElement(CredentialFhir.time(c.validFrom()))
              .setEndElement(CredentialFhir.time(c.validUntil())))
          .setIssuer(CredentialFhir.organisation(c.issuer()));
    }
    return p;
  }

  /** The contract admits runs of spaces in a profession's name; an R4 {@code code} takes single spaces only. */
  static String asCode(String words) {
    return words.strip().replaceAll("\\s+", " ");
  }

  private static String describe(Credential c) {
    return c.specialties().isEmpty() ? c.profession() : c.profession() + " (" + String.join(", ", c.specialties()) + ")";
  }
}
