package org.medledger.apps.credentials.vc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.time.Instant;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * A clinician credential with the issuer's Data Integrity proof: the document the clinician holds.
 * Its hash, which the ledger keeps, is the network's hash of its JCS form, proof included, so any
 * spacing or key order gives the same hash and any change to a claim or the proof another.
 */
public record SignedCredential(ObjectNode document, ClinicianCredential claims) {
  /** The issuer's member signs the claims with her key, named by her certificate id. */
  public static SignedCredential sign(ClinicianCredential claims, CryptoSuite suite, Signer issuerMember,
      Hash issuerCertificate, long createdMillis) {
    ObjectNode signed = DataIntegrityProof.sign(claims.toJson(), suite, issuerMember,
        ClinicianCredential.CERTIFICATE + issuerCertificate.hex(), Instant.ofEpochMilli(createdMillis / 1000 * 1000).toString());
    return new SignedCredential(signed, claims);
  }

  /** Reads a document; IllegalArgumentException naming what is unreadable. */
  public static SignedCredential parse(String json) {
    JsonNode node;
    try {
      node = Jcs.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("a credential is a JSON object");
    }
    return new SignedCredential((ObjectNode) node, ClinicianCredential.fromJson(node));
  }

  /** The certificate id the proof's verificationMethod names; IllegalArgumentException when it names none. */
  public Hash issuerCertificate() {
    String vm = document.path("proof").path("verificationMethod").asText("");
    if (!vm.startsWith(ClinicianCredential.CERTIFICATE)) {
      throw new IllegalArgumentException("proof.verificationMethod '" + vm + "' must be "
          + ClinicianCredential.CERTIFICATE + "<64 hex>");
    }
    return Hash.fromHex(vm.substring(ClinicianCredential.CERTIFICATE.length()));
  }

  /** Checks the proof against the issuer's key. */
  public void verifyProof(CryptoSuite suite, PublicKey issuerKey) throws ProofException {
    DataIntegrityProof.verify(document, suite, issuerKey);
  }

  /** The hash the ledger keeps: the suite's hash of the JCS form of the whole signed document. */
  public Hash hash(CryptoSuite suite) {
    return Hash.of(suite.hash().hash(Jcs.canonical(document)));
  }

  /** The document as JSON text. */
  public String json() {
    try {
      return Jcs.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
