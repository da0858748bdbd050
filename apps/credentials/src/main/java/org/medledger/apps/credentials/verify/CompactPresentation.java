package org.medledger.apps.credentials.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.vc.Base58Btc;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.Jcs;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.governance.ValidatorSetWalk;
import org.medledger.core.governance.ValidatorTransitionProof;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.Hex;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.x509.Pem;

/**
 * A presentation in binary (docs/credentials.md, "One QR code"): the credential as its claims and
 * proof fields (or, for a document of another shape, its JCS text), the issuer's certificate as DER
 * instead of PEM, and of the status snapshot only what the
 * receipt document is rendered from (the state proof, the signed header, any validator-set
 * transitions) as raw bytes instead of hex in JSON. Reading renders the receipt document again
 * with {@link ReceiptDocuments#stateReceipt}, the function the node writes it with, so the
 * verifier checks exactly what it checks in a presentation file. Writing refuses a snapshot that
 * would not come back byte for byte: nothing a presentation says is dropped on the way.
 */
final class CompactPresentation {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Bounds on what a reader allocates: a code holds under 3 KB, so these only stop forged lengths. */
  private static final int MAX_CREDENTIAL = 16 * 1024;
  private static final int MAX_CERTIFICATE = 8 * 1024;
  private static final int MAX_KEY = 1024;
  private static final int MAX_VALUE = 16 * 1024;
  private static final int MAX_HEADER = 64 * 1024;
  /** A code carries the few transitions a long-lived network makes; more than this will not fit anyway. */
  private static final int MAX_TRANSITIONS_IN_A_CODE = 64;
  /** Bounds on one claim or proof field, and on the specialties, in the claims-and-proof form. */
  private static final int MAX_FIELD = 1024;
  private static final int MAX_LIST = 64;
  /** The credential's two forms: its JCS text, or its claims and proof fields ({@link #writeCredential}). */
  private static final int JCS_TEXT = 0;
  private static final int CLAIMS_AND_PROOF = 1;
  /** The state tree's depth: a proof has at most one sibling a level. */
  private static final int MAX_SIBLINGS = 256;

  private CompactPresentation() {}

  static byte[] encode(CredentialPresentation p) {
    CanonicalWriter w = new CanonicalWriter(2048);
    writeCredential(w, p.credential());
    byte[] der;
    try {
      der = Pem.decode(Pem.CERTIFICATE, p.issuerCertificatePem());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("issuerCertificate is not a PEM certificate: " + e.getMessage());
    }
    w.bytes(der);
    JsonNode status = p.status();
    w.bool(status != null && status.isObject());
    if (status != null && status.isObject()) {
      writeSnapshot(w, status);
    }
    return w.toByteArray();
  }

  static CredentialPresentation decode(byte[] bytes) {
    try {
      CanonicalReader r = new CanonicalReader(bytes);
      JsonNode credential = readCredential(r);
      String pem = Pem.encode(Pem.CERTIFICATE, r.bytes("issuerCertificate", MAX_CERTIFICATE));
      JsonNode status = r.bool("status present") ? readSnapshot(r) : null;
      r.expectEnd("credential code");
      return new CredentialPresentation(credential, pem, status);
    } catch (DecodeException | IOException e) {
      throw new IllegalArgumentException("the code's binary form is malformed: " + e.getMessage());
    }
  }

  /**
   * The credential as its claims and proof fields when the document is exactly what
   * {@link ClinicianCredential#toJson} and a Data Integrity proof make of them (the JSON's fixed
   * words, its hex and its base58 then need not travel), else as its JCS text: nothing another
   * issuer's tool put in the document is lost.
   */
  private static void writeCredential(CanonicalWriter w, JsonNode document) {
    byte[] canonical = Jcs.canonical(document);
    try {
      ClinicianCredential c = ClinicianCredential.fromJson(document);
      JsonNode proof = document.path("proof");
      String vm = proof.path("verificationMethod").asText("");
      if (vm.length() > 64) {
        CanonicalWriter t = new CanonicalWriter(512);
        t.u8(CLAIMS_AND_PROOF).string(c.chainId()).string(c.issuer()).string(c.licence())
            .fixed(c.holder().unsafeBytes(), Hash.LENGTH).string(c.holderOrganisation()).string(c.profession())
            .u32(c.specialties().size());
        c.specialties().forEach(t::string);
        t.string(Scope.wireNames(c.scopes())).u64(c.validFrom()).u64(c.validUntil())
            .string(proof.path("type").asText("")).string(proof.path("cryptosuite").asText(""))
            .string(proof.path("created").asText("")).string(vm.substring(0, vm.length() - 64))
            .fixed(Hex.decode(vm.substring(vm.length() - 64)), Hash.LENGTH)
            .string(proof.path("proofPurpose").asText(""))
            .bytes(Base58Btc.decodeMultibase(proof.path("proofValue").asText("")));
        byte[] template = t.toByteArray();
        if (Arrays.equals(Jcs.canonical(readCredential(new CanonicalReader(template))), canonical)) {
          w.raw(template);
          return;
        }
      }
    } catch (IllegalArgumentException | DecodeException | IOException e) {
      // Not of the template's shape: it travels as its text.
    }
    w.u8(JCS_TEXT).bytes(canonical);
  }

  private static JsonNode readCredential(CanonicalReader r) throws IOException {
    int form = r.u8("credential form");
    if (form == JCS_TEXT) {
      return JSON.readTree(r.bytes("credential", MAX_CREDENTIAL));
    }
    if (form != CLAIMS_AND_PROOF) {
      throw new DecodeException("credential form " + form + " is neither " + JCS_TEXT + " (JCS text) nor "
          + CLAIMS_AND_PROOF + " (claims and proof)");
    }
    String chainId = r.string("chainId", MAX_FIELD);
    String issuer = r.string("issuer", MAX_FIELD);
    String licence = r.string("licence", MAX_FIELD);
    Hash holder = Hash.adopt(r.fixed(Hash.LENGTH, "holder"));
    String organisation = r.string("organisation", MAX_FIELD);
    String profession = r.string("profession", MAX_FIELD);
    int n = r.count("specialties", MAX_LIST);
    List<String> specialties = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      specialties.add(r.string("specialty", MAX_FIELD));
    }
    List<Scope> scopes = Scope.parseList(r.string("scopes", MAX_FIELD));
    ClinicianCredential claims = new ClinicianCredential(chainId, issuer, licence, holder, organisation, profession,
        specialties, scopes, r.u64("validFrom"), r.u64("validUntil"));
    ObjectNode document = claims.toJson();
    ObjectNode proof = document.putObject("proof");
    proof.put("type", r.string("proof.type", MAX_FIELD));
    proof.put("cryptosuite", r.string("proof.cryptosuite", MAX_FIELD));
    proof.put("created", r.string("proof.created", MAX_FIELD));
    proof.put("verificationMethod", r.string("proof.verificationMethod", MAX_FIELD)
        + Hex.encode(r.fixed(Hash.LENGTH, "proof.verificationMethod's certificate id")));
    proof.put("proofPurpose", r.string("proof.proofPurpose", MAX_FIELD));
    proof.put("proofValue", Base58Btc.multibase(r.bytes("proof.proofValue", MAX_FIELD)));
    return document;
  }

  private static void writeSnapshot(CanonicalWriter w, JsonNode receipt) {
    if (!"state".equals(receipt.path("kind").asText())) {
      throw new IllegalArgumentException("the status snapshot is not a state receipt");
    }
    HashFunction hash = hashFunction(receipt.path("hashAlgorithm").asText(""));
    StateProof proof = stateProof(receipt);
    SignedHeader header = signedHeader(receipt);
    List<ValidatorTransitionProof> transitions = new ArrayList<>();
    JsonNode list = receipt.get("validatorTransitions");
    if (list != null) {
      if (!list.isArray() || list.size() > MAX_TRANSITIONS_IN_A_CODE) {
        throw new IllegalArgumentException("'validatorTransitions' must be a list of at most " + MAX_TRANSITIONS_IN_A_CODE);
      }
      for (JsonNode t : list) {
        JsonNode at = t.get("effectiveAt");
        if (at == null || !at.canConvertToLong()) {
          throw new IllegalArgumentException("a validator-set transition without 'effectiveAt'");
        }
        JsonNode inner = t.path("stateReceipt");
        transitions.add(new ValidatorTransitionProof(at.asLong(), signedHeader(inner), stateProof(inner)));
      }
    }
    if (!receipt.equals(render(proof, header, hash, transitions))) {
      throw new IllegalArgumentException("the status snapshot is not the receipt its own proof and header render to:"
          + " the binary form would not carry it faithfully");
    }
    w.string(hash.algorithm());
    writeProof(w, proof);
    w.bytes(header.encode());
    w.u32(transitions.size());
    for (ValidatorTransitionProof t : transitions) {
      w.u64(t.effectiveAt());
      w.bytes(t.header().encode());
      writeProof(w, t.proof());
    }
  }

  private static JsonNode readSnapshot(CanonicalReader r) {
    HashFunction hash = hashFunction(r.string("hashAlgorithm", 32));
    StateProof proof = readProof(r);
    SignedHeader header = SignedHeader.decode(r.bytes("signedHeader", MAX_HEADER));
    int n = r.count("validatorTransitions", Math.min(MAX_TRANSITIONS_IN_A_CODE, ValidatorSetWalk.MAX_TRANSITIONS));
    List<ValidatorTransitionProof> transitions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long effectiveAt = r.u64("effectiveAt");
      transitions.add(new ValidatorTransitionProof(effectiveAt, SignedHeader.decode(r.bytes("signedHeader", MAX_HEADER)),
          readProof(r)));
    }
    return render(proof, header, hash, transitions);
  }

  /** The receipt document as the node renders it and as {@code ReceiptVerifier} compares it. */
  private static JsonNode render(StateProof proof, SignedHeader header, HashFunction hash,
      List<ValidatorTransitionProof> transitions) {
    Map<String, Object> document = ReceiptDocuments.stateReceipt(proof, header, hash, transitions);
    try {
      return JSON.readTree(JSON.writeValueAsBytes(document));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HashFunction hashFunction(String algorithm) {
    for (HashFunction h : List.of(CryptoSuites.intl().hash(), CryptoSuites.gm().hash())) {
      if (h.algorithm().equals(algorithm)) {
        return h;
      }
    }
    throw new IllegalArgumentException("the status snapshot's hash algorithm '" + algorithm + "' is neither suite's");
  }

  private static void writeProof(CanonicalWriter w, StateProof p) {
    w.bytes(p.key());
    w.bool(p.present());
    if (p.present()) {
      w.bytes(p.value());
    }
    w.u32(p.siblings().size());
    for (Hash s : p.siblings()) {
      w.fixed(s.unsafeBytes(), Hash.LENGTH);
    }
    w.bool(p.otherLeaf() != null);
    if (p.otherLeaf() != null) {
      w.fixed(p.otherLeaf().keyHash().unsafeBytes(), Hash.LENGTH);
      w.fixed(p.otherLeaf().valueHash().unsafeBytes(), Hash.LENGTH);
    }
  }

  private static StateProof readProof(CanonicalReader r) {
    byte[] key = r.bytes("key", MAX_KEY);
    byte[] value = r.bool("present") ? r.bytes("value", MAX_VALUE) : null;
    int n = r.count("siblings", MAX_SIBLINGS);
    List<Hash> siblings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      siblings.add(Hash.adopt(r.fixed(Hash.LENGTH, "sibling")));
    }
    StateProof.OtherLeaf other = r.bool("otherLeaf present")
        ? new StateProof.OtherLeaf(Hash.adopt(r.fixed(Hash.LENGTH, "otherLeaf.keyHash")),
            Hash.adopt(r.fixed(Hash.LENGTH, "otherLeaf.valueHash")))
        : null;
    if (value != null && other != null) {
      throw new IllegalArgumentException("a state proof of a value cannot end at another key's leaf");
    }
    return new StateProof(key, value, siblings, other);
  }

  private static StateProof stateProof(JsonNode n) {
    byte[] key = Hex.decode(text(n, "key"));
    JsonNode v = n.get("value");
    byte[] value = v == null || v.isNull() ? null : Hex.decode(v.asText());
    JsonNode a = n.get("siblings");
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException("the status snapshot has no 'siblings'");
    }
    List<Hash> siblings = new ArrayList<>();
    a.forEach(s -> siblings.add(Hash.fromHex(s.asText())));
    JsonNode o = n.get("otherLeaf");
    StateProof.OtherLeaf other = o == null || o.isNull() ? null
        : new StateProof.OtherLeaf(Hash.fromHex(text(o, "keyHash")), Hash.fromHex(text(o, "valueHash")));
    return new StateProof(key, value, siblings, other);
  }

  private static SignedHeader signedHeader(JsonNode receipt) {
    return SignedHeader.decode(Hex.decode(text(receipt.path("signedHeader"), "encoded")));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("the status snapshot has no '" + field + "'");
    }
    return v.asText();
  }
}
