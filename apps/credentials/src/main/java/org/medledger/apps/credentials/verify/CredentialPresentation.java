package org.medledger.apps.credentials.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.medledger.apps.credentials.vc.SignedCredential;

/**
 * What a clinician hands a verifier, in one JSON file (the {@code medledger credential show}
 * output): her signed credential, the certificate of the issuer's member whose key signed it, and
 * a status snapshot: the ledger's state receipt of the credential's record at a height, sealed by
 * a quorum of the validators.
 *
 * <pre>{"kind": "credential-presentation", "credential": {…VC…}, "issuerCertificate": "-----BEGIN CERTIFICATE-----…",
 *  "status": {…state receipt of credentials/credential/&lt;issuer&gt;/&lt;licence&gt;…}}</pre>
 */
public record CredentialPresentation(JsonNode credential, String issuerCertificatePem, JsonNode status) {
  public static final String KIND = "credential-presentation";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", KIND);
    n.set("credential", credential);
    n.put("issuerCertificate", issuerCertificatePem);
    n.set("status", status);
    return n;
  }

  public static CredentialPresentation of(SignedCredential credential, String issuerCertificatePem, JsonNode status) {
    return new CredentialPresentation(credential.document(), issuerCertificatePem, status);
  }

  /** Reads one; IllegalArgumentException naming what is missing. */
  public static CredentialPresentation parse(String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (n == null || !n.isObject() || !KIND.equals(n.path("kind").asText())) {
      throw new IllegalArgumentException("not a credential presentation (its 'kind' must be " + KIND + ")");
    }
    JsonNode c = n.get("credential");
    if (c == null || !c.isObject()) {
      throw new IllegalArgumentException("'credential' is missing");
    }
    JsonNode cert = n.get("issuerCertificate");
    if (cert == null || !cert.isTextual()) {
      throw new IllegalArgumentException("'issuerCertificate' (the PEM of the issuer's signing member) is missing");
    }
    return new CredentialPresentation(c, cert.asText(), n.get("status"));
  }
}
