package org.medledger.apps.credentials.vc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.crypto.Hash;

/**
 * What a clinician credential says (issue 16 item 1), as a W3C Verifiable Credentials Data Model
 * 2.0 document: the issuing authority, the validity period, and in {@code credentialSubject} the
 * clinician's certificate id, her hospital, licence number, profession, specialties and scope of
 * practice; {@code credentialStatus} names the ledger state that says whether it stands.
 *
 * <pre>
 * { "@context": ["https://www.w3.org/ns/credentials/v2", "https://medledger.org/ns/credentials/v1"],
 *   "id": "urn:medledger:credential:&lt;chain&gt;:&lt;issuer&gt;:&lt;licence&gt;",
 *   "type": ["VerifiableCredential", "ClinicianCredential"],
 *   "issuer": {"id": "urn:medledger:organisation:&lt;issuer&gt;", "name": "&lt;issuer&gt;"},
 *   "validFrom": "2027-01-03T00:00:00Z", "validUntil": "2028-01-03T00:00:00Z",
 *   "credentialSubject": {"id": "urn:medledger:certificate:&lt;hex&gt;", "organisation": "hospital-a",
 *     "licenceNumber": "MB-1001", "profession": "Physician", "specialty": [...], "scope": [...]},
 *   "credentialStatus": {"id": "urn:medledger:state:&lt;chain&gt;:credentials/credential/&lt;issuer&gt;/&lt;licence&gt;",
 *     "type": "MedLedgerCredentialState"},
 *   "proof": {...} }
 * </pre>
 *
 * Times are whole seconds (the ledger keeps their milliseconds).
 */
public record ClinicianCredential(
    String chainId,
    String issuer,
    String licence,
    Hash holder,
    String holderOrganisation,
    String profession,
    List<String> specialties,
    List<Scope> scopes,
    long validFrom,
    long validUntil) {
  public static final String VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
  public static final String OUR_CONTEXT = "https://medledger.org/ns/credentials/v1";
  public static final String TYPE = "ClinicianCredential";
  public static final String STATUS_TYPE = "MedLedgerCredentialState";
  public static final String CERTIFICATE = "urn:medledger:certificate:";
  static final String ORGANISATION = "urn:medledger:organisation:";

  public ClinicianCredential {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(holderOrganisation, "holderOrganisation");
    Objects.requireNonNull(profession, "profession");
    specialties = List.copyOf(specialties);
    // One order for the scopes (the enum's), so one set of claims has one document.
    scopes = Scope.parseList(Scope.wireNames(scopes));
    if (validFrom % 1000 != 0 || validUntil % 1000 != 0) {
      throw new IllegalArgumentException("a credential's validity is in whole seconds");
    }
  }

  /** The document's {@code id}. */
  public String id() {
    return "urn:medledger:credential:" + chainId + ":" + issuer + ":" + licence;
  }

  /** The unsigned document. */
  public ObjectNode toJson() {
    ObjectNode d = Jcs.JSON.createObjectNode();
    d.putArray("@context").add(VC_CONTEXT).add(OUR_CONTEXT);
    d.put("id", id());
    d.putArray("type").add("VerifiableCredential").add(TYPE);
    ObjectNode issuerNode = d.putObject("issuer");
    issuerNode.put("id", ORGANISATION + issuer);
    issuerNode.put("name", issuer);
    d.put("validFrom", Instant.ofEpochMilli(validFrom).toString());
    d.put("validUntil", Instant.ofEpochMilli(validUntil).toString());
    ObjectNode subject = d.putObject("credentialSubject");
    subject.put("id", CERTIFICATE + holder.hex());
    subject.put("organisation", holderOrganisation);
    subject.put("licenceNumber", licence);
    subject.put("profession", profession);
    ArrayNode sp = subject.putArray("specialty");
    specialties.forEach(sp::add);
    ArrayNode sc = subject.putArray("scope");
    scopes.forEach(s -> sc.add(s.wireName()));
    ObjectNode status = d.putObject("credentialStatus");
    status.put("id", "urn:medledger:state:" + chainId + ":credentials/credential/" + issuer + "/" + licence);
    status.put("type", STATUS_TYPE);
    return d;
  }

  /**
   * Reads a credential document's claims; IllegalArgumentException naming the first field that is
   * missing or malformed (the verifier's {@code unreadable}), or that is not of this kind.
   */
  public static ClinicianCredential fromJson(JsonNode d) {
    if (d == null || !d.isObject()) {
      throw new IllegalArgumentException("a credential is a JSON object");
    }
    JsonNode contexts = d.get("@context");
    if (contexts == null || !contexts.isArray() || contexts.isEmpty() || !VC_CONTEXT.equals(contexts.get(0).asText())) {
      throw new IllegalArgumentException("@context must be an array starting with " + VC_CONTEXT);
    }
    JsonNode types = d.get("type");
    if (types == null || !types.isArray() || !contains(types, "VerifiableCredential") || !contains(types, TYPE)) {
      throw new IllegalArgumentException("type must name VerifiableCredential and " + TYPE);
    }
    String id = text(d, "id");
    String issuerId = text(d.path("issuer"), "id");
    if (!issuerId.startsWith(ORGANISATION)) {
      throw new IllegalArgumentException("issuer.id '" + issuerId + "' must be " + ORGANISATION + "<organisation>");
    }
    JsonNode s = d.get("credentialSubject");
    if (s == null || !s.isObject()) {
      throw new IllegalArgumentException("credentialSubject is missing");
    }
    String subjectId = text(s, "id");
    if (!subjectId.startsWith(CERTIFICATE)) {
      throw new IllegalArgumentException("credentialSubject.id '" + subjectId + "' must be " + CERTIFICATE + "<64 hex>");
    }
    Hash holder;
    try {
      holder = Hash.fromHex(subjectId.substring(CERTIFICATE.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("credentialSubject.id: " + e.getMessage());
    }
    List<String> specialties = new ArrayList<>();
    s.path("specialty").forEach(n -> specialties.add(n.asText()));
    List<String> scopeNames = new ArrayList<>();
    s.path("scope").forEach(n -> scopeNames.add(n.asText()));
    if (scopeNames.isEmpty()) {
      throw new IllegalArgumentException("credentialSubject.scope names no scope");
    }
    List<Scope> scopes = Scope.parseList(String.join(",", scopeNames));
    String licence = text(s, "licenceNumber");
    String issuer = issuerId.substring(ORGANISATION.length());
    String prefix = "urn:medledger:credential:";
    String suffix = ":" + issuer + ":" + licence;
    if (!id.startsWith(prefix) || !id.endsWith(suffix) || id.length() <= prefix.length() + suffix.length()) {
      throw new IllegalArgumentException("id '" + id + "' must be " + prefix + "<chain>" + suffix);
    }
    String chainId = id.substring(prefix.length(), id.length() - suffix.length());
    ClinicianCredential c = new ClinicianCredential(chainId, issuer, licence, holder, text(s, "organisation"),
        text(s, "profession"), specialties, scopes, time(d, "validFrom"), time(d, "validUntil"));
    if (!c.scopes.stream().map(Scope::wireName).toList().equals(scopeNames)) {
      throw new IllegalArgumentException("credentialSubject.scope must list each scope once, in the order "
          + Scope.wireNames(c.scopes));
    }
    return c;
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode n : array) {
      if (value.equals(n.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return v.asText();
  }

  private static long time(JsonNode d, String field) {
    String t = text(d, field);
    try {
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " '" + t + "' is not a dateTime like 2027-01-04T00:00:00Z");
    }
  }
}
