package org.medledger.apps.credentials.node;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.VerificationResult;
import org.medledger.apps.credentials.contract.PrimarySourceKind;
import org.medledger.apps.credentials.vc.Jcs;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * The FHIR R4 {@code VerificationResult} of a primary-source verification (issue 16 item 1): its
 * target is the clinician as {@code Practitioner} and her licence by identifier, one {@code
 * primarySource} per source checked (kind, who, outcome, day), and the verifying authority as
 * {@code validator} with its member's certificate. Its hash, which the ledger keeps, is the
 * network's hash of its JCS form (RFC 8785), so spacing and key order do not change it.
 */
final class VerificationDocument {
  static final String PRIMARY_SOURCE = "urn:medledger:credentials:primary-source";
  static final String CERTIFICATE = "urn:medledger:certificate";
  static final String ORGANISATION = "urn:medledger:organisation";
  static final String VALIDATION_TYPE = "http://terminology.hl7.org/CodeSystem/verificationresult-validation-type";
  static final String VALIDATION_STATUS = "http://terminology.hl7.org/CodeSystem/validation-status";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode json;

  private VerificationDocument(JsonNode json) {
    this.json = json;
  }

  /** Reads a document a client sent; IllegalArgumentException naming what is wrong. */
  static VerificationDocument parse(JsonNode json) {
    if (json == null || !json.isObject() || !"VerificationResult".equals(json.path("resourceType").asText())) {
      throw new IllegalArgumentException("a FHIR R4 VerificationResult object is required");
    }
    try {
      FhirContext.forR4Cached().newJsonParser().parseResource(VerificationResult.class, json.toString());
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not a readable FHIR R4 VerificationResult: " + e.getMessage());
    }
    return new VerificationDocument(json.deepCopy());
  }

  /** The document an authority's member writes for what she checked behind a licence. */
  static VerificationDocument of(String issuer, String licence, Hash clinician, Hash verifier,
      List<PrimarySourceCheck> checks) {
    if (checks.isEmpty()) {
      throw new IllegalArgumentException("a verification names at least one primary source checked");
    }
    ObjectNode d = JSON.createObjectNode().put("resourceType", "VerificationResult");
    ArrayNode target = d.putArray("target");
    target.addObject().put("reference", "Practitioner/" + clinician.hex());
    ObjectNode licenceRef = target.addObject();
    licenceRef.putObject("identifier").put("system", "urn:medledger:licence:" + issuer).put("value", licence);
    licenceRef.put("display", "licence " + licence + " of " + issuer);
    d.putArray("targetLocation").add("Practitioner.qualification");
    boolean allSuccessful = checks.stream().allMatch(c -> c.outcome().equals("successful"));
    d.put("status", allSuccessful ? "validated" : "val-fail");
    coding(d.putObject("validationType"), VALIDATION_TYPE, checks.size() > 1 ? "multiple" : "primary");
    ArrayNode sources = d.putArray("primarySource");
    for (PrimarySourceCheck c : checks) {
      ObjectNode s = sources.addObject();
      s.putObject("who").put("display", c.source());
      coding(s.putArray("type").addObject(), PRIMARY_SOURCE, c.kind().wireName());
      coding(s.putObject("validationStatus"), VALIDATION_STATUS, c.outcome());
      s.put("validationDate", c.checkedOn().toString());
    }
    ObjectNode validator = d.putArray("validator").addObject();
    ObjectNode org = validator.putObject("organization");
    org.putObject("identifier").put("system", ORGANISATION).put("value", issuer);
    org.put("display", issuer);
    validator.put("identityCertificate", CERTIFICATE + ":" + verifier.hex());
    return parse(d);
  }

  private static void coding(ObjectNode concept, String system, String code) {
    concept.putArray("coding").addObject().put("system", system).put("code", code);
  }

  JsonNode json() {
    return json;
  }

  /** The bytes the ledger's hash is of, and what the custodian's node keeps. */
  byte[] canonical() {
    return Jcs.canonical(json);
  }

  Hash hash(HashFunction hash) {
    return Hash.of(hash.hash(canonical()));
  }

  /** The kinds of source it names, in its order (the ledger's {@code sources} must be the same). */
  List<PrimarySourceKind> sources() {
    List<PrimarySourceKind> out = new ArrayList<>();
    for (JsonNode s : json.path("primarySource")) {
      for (JsonNode t : s.path("type")) {
        for (JsonNode c : t.path("coding")) {
          if (PRIMARY_SOURCE.equals(c.path("system").asText())) {
            out.add(PrimarySourceKind.parse(c.path("code").asText()));
          }
        }
      }
    }
    return out;
  }

  /**
   * What in it disagrees with the {@code credentials.recordVerification} transaction that puts
   * its hash on the ledger, and with the clinician the credential licenses; empty when nothing.
   */
  Optional<String> problem(Transaction tx, Hash holder, HashFunction hash) {
    String issuer = tx.args().get("issuer").orElse("");
    String licence = tx.args().get("licence").orElse("");
    Hash mine = hash(hash);
    if (!mine.hex().equals(tx.args().get("document").orElse(""))) {
      return Optional.of("verification: its hash " + mine.hex() + " is not the transaction's document "
          + tx.args().get("document").orElse("(none)"));
    }
    if (!hasTarget("Practitioner/" + holder.hex(), null, null)) {
      return Optional.of("verification: target must name the clinician licence " + licence + " licenses, Practitioner/"
          + holder.hex());
    }
    if (!hasTarget(null, "urn:medledger:licence:" + issuer, licence)) {
      return Optional.of("verification: target must name the licence by identifier urn:medledger:licence:" + issuer + "|"
          + licence);
    }
    List<PrimarySourceKind> sources;
    try {
      sources = sources();
    } catch (IllegalArgumentException e) {
      return Optional.of("verification: primarySource.type: " + e.getMessage());
    }
    if (sources.isEmpty() || !PrimarySourceKind.wireNames(sources).equals(tx.args().get("sources").orElse(""))) {
      return Optional.of("verification: its primary sources (" + PrimarySourceKind.wireNames(sources)
          + ") are not the transaction's sources (" + tx.args().get("sources").orElse("") + ")");
    }
    JsonNode validator = json.path("validator").path(0);
    if (!issuer.equals(validator.path("organization").path("identifier").path("value").asText())) {
      return Optional.of("verification: validator.organization must be the issuer " + issuer);
    }
    if (!(CERTIFICATE + ":" + tx.sender().hex()).equals(validator.path("identityCertificate").asText())) {
      return Optional.of("verification: validator.identityCertificate must be the sender's certificate "
          + CERTIFICATE + ":" + tx.sender().hex());
    }
    return Optional.empty();
  }

  private boolean hasTarget(String reference, String system, String value) {
    for (JsonNode t : json.path("target")) {
      if (reference != null && reference.equals(t.path("reference").asText())) {
        return true;
      }
      if (system != null && system.equals(t.path("identifier").path("system").asText())
          && value.equals(t.path("identifier").path("value").asText())) {
        return true;
      }
    }
    return false;
  }
}
