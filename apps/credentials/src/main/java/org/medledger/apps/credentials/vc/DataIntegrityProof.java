package org.medledger.apps.credentials.vc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Signer;

/**
 * Adds and checks a Data Integrity proof (W3C vc-data-integrity 1.0, {@code DataIntegrityProof})
 * with the {@link Cryptosuite} of the network's suite, following vc-di-ecdsa §3.3 for
 * ecdsa-jcs-2019: transformation (§3.3.2: JCS of the unsecured document), proof configuration
 * (§3.3.5: the proof options without {@code proofValue}, JCS), hashing (§3.3.3: hash of the configuration ‖ hash of the document) and serialisation
 * (§3.3.4: the signature over that, r ‖ s, multibase base58btc).
 */
public final class DataIntegrityProof {
  public static final String TYPE = "DataIntegrityProof";
  public static final String ASSERTION = "assertionMethod";

  private DataIntegrityProof() {}

  /**
   * The document with a proof by {@code signer}.
   *
   * @param verificationMethod what names the key (we write {@code urn:medledger:certificate:<id>})
   * @param created the proof's time as an XML Schema dateTime, e.g. {@code 2027-01-04T00:00:00Z}
   */
  public static ObjectNode sign(ObjectNode unsecured, CryptoSuite suite, Signer signer, String verificationMethod,
      String created) {
    Cryptosuite cryptosuite = Cryptosuite.of(suite);
    ObjectNode options = Jcs.JSON.createObjectNode();
    options.put("type", TYPE);
    options.put("cryptosuite", cryptosuite.wireName());
    options.put("created", created);
    options.put("verificationMethod", verificationMethod);
    options.put("proofPurpose", ASSERTION);
    ObjectNode document = unsecured.deepCopy();
    document.remove("proof");
    byte[] signature = P1363Signatures.fromDer(signer.sign(hashData(suite, document, options)));
    ObjectNode proof = options.deepCopy();
    proof.put("proofValue", Base58Btc.multibase(signature));
    document.set("proof", proof);
    return document;
  }

  /**
   * The bytes the proof signs: hash(JCS(proof configuration)) ‖ hash(JCS(document without proof)).
   * The configuration carries no {@code @context}: the spec's published ecdsa-jcs-2019 vectors
   * verify only without it (their combined hash is reproduced by EcdsaJcs2019VectorTest).
   */
  public static byte[] hashData(CryptoSuite suite, ObjectNode document, ObjectNode proofOptions) {
    ObjectNode unsecured = document.deepCopy();
    unsecured.remove("proof");
    ObjectNode config = proofOptions.deepCopy();
    config.remove("proofValue");
    byte[] configHash = suite.hash().hash(Jcs.canonical(config));
    byte[] documentHash = suite.hash().hash(Jcs.canonical(unsecured));
    byte[] out = new byte[configHash.length + documentHash.length];
    System.arraycopy(configHash, 0, out, 0, configHash.length);
    System.arraycopy(documentHash, 0, out, configHash.length, documentHash.length);
    return out;
  }

  /**
   * Checks the document's proof against {@code issuerKey}; names the first thing wrong.
   *
   * @throws ProofException UNSUPPORTED for a proof this network does not take, BAD_SIGNATURE for
   *     one that does not verify
   */
  public static void verify(ObjectNode secured, CryptoSuite suite, PublicKey issuerKey) throws ProofException {
    JsonNode proof = secured.get("proof");
    if (proof == null || !proof.isObject()) {
      throw new ProofException(ProofException.Kind.UNSUPPORTED, "the credential carries no proof object");
    }
    String type = proof.path("type").asText("");
    String name = proof.path("cryptosuite").asText("");
    Cryptosuite expected = Cryptosuite.of(suite);
    if (!TYPE.equals(type) || !expected.wireName().equals(name)) {
      throw new ProofException(ProofException.Kind.UNSUPPORTED, "the proof is " + type + "/" + name + "; a " + suite.id()
          + " network takes " + TYPE + "/" + expected.wireName());
    }
    if (!ASSERTION.equals(proof.path("proofPurpose").asText(""))) {
      throw new ProofException(ProofException.Kind.UNSUPPORTED, "the proof's purpose is '"
          + proof.path("proofPurpose").asText("") + "', not " + ASSERTION);
    }
    byte[] signature;
    try {
      signature = P1363Signatures.toDer(Base58Btc.decodeMultibase(proof.path("proofValue").asText("")));
    } catch (IllegalArgumentException e) {
      throw new ProofException(ProofException.Kind.BAD_SIGNATURE, "proofValue: " + e.getMessage());
    }
    if (!suite.signatures().verifier(issuerKey).verify(hashData(suite, secured, (ObjectNode) proof), signature)) {
      throw new ProofException(ProofException.Kind.BAD_SIGNATURE, "the proof does not verify with the issuer's key:"
          + " the document or its proof was changed after signing, or another key signed it");
    }
  }
}
