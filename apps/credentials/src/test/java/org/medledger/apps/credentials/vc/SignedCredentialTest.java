package org.medledger.apps.credentials.vc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/** A credential signed with each network suite's cryptosuite: it verifies, and any change or another key fails. */
class SignedCredentialTest {
  private static final long JAN_2027 = 1_799_020_800_000L;

  static CryptoSuite suite(String id) {
    return CryptoSuites.byId(id);
  }

  static ClinicianCredential claims() {
    return new ClinicianCredential("test-chain", "medical-board", "MB-1001", Hash.fromHex("ab".repeat(32)), "hospital-a", "Physician", List.of("Emergency medicine"),
        List.of(Scope.PRESCRIBE, Scope.BREAK_GLASS), JAN_2027, JAN_2027 + 365L * 86_400_000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void theIssuersProofVerifiesAndNamesTheSuitesCryptosuite(String id) throws Exception {
    CryptoSuite suite = suite(id);
    KeyPair board = suite.signatures().generateKeyPair(new SecureRandom(new byte[] {1}));
    SignedCredential c = SignedCredential.sign(claims(), suite, suite.signatures().signer(board), Hash.fromHex("cd".repeat(32)),
        JAN_2027 + 1234);
    c.verifyProof(suite, board.getPublic());
    assertThat(c.document().path("proof").path("cryptosuite").asText()).isEqualTo(Cryptosuite.of(suite).wireName());
    assertThat(c.document().path("proof").path("created").asText()).isEqualTo("2027-01-04T00:00:01Z");
    assertThat(c.issuerCertificate().hex()).isEqualTo("cd".repeat(32));
    SignedCredential reread = SignedCredential.parse(c.json());
    assertThat(reread.claims()).isEqualTo(claims());
    reread.verifyProof(suite, board.getPublic());
    // The ledger's hash does not depend on how the JSON is written out.
    assertThat(SignedCredential.parse(Jcs.JSON.writeValueAsString(c.document())).hash(suite)).isEqualTo(c.hash(suite));
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aChangedClaimOrAnotherKeysProofFails(String id) throws Exception {
    CryptoSuite suite = suite(id);
    KeyPair board = suite.signatures().generateKeyPair(new SecureRandom(new byte[] {2}));
    KeyPair forger = suite.signatures().generateKeyPair(new SecureRandom(new byte[] {3}));
    SignedCredential c = SignedCredential.sign(claims(), suite, suite.signatures().signer(board), Hash.fromHex("cd".repeat(32)),
        JAN_2027);
    SignedCredential widened = SignedCredential.parse(c.json().replace("\"break-glass\"", "\"break-glass\", \"sign-claims\""));
    assertThatThrownBy(() -> widened.verifyProof(suite, board.getPublic())).isInstanceOf(ProofException.class)
        .matches(e -> ((ProofException) e).kind() == ProofException.Kind.BAD_SIGNATURE);
    assertThat(widened.hash(suite)).isNotEqualTo(c.hash(suite));
    SignedCredential forged = SignedCredential.sign(claims(), suite, suite.signatures().signer(forger),
        Hash.fromHex("cd".repeat(32)), JAN_2027);
    assertThatThrownBy(() -> forged.verifyProof(suite, board.getPublic())).isInstanceOf(ProofException.class)
        .hasMessageContaining("does not verify with the issuer's key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aProofOfTheOtherSuiteIsUnsupported(String id) throws Exception {
    CryptoSuite suite = suite(id);
    CryptoSuite other = suite(id.equals("intl") ? "gm" : "intl");
    KeyPair board = other.signatures().generateKeyPair(new SecureRandom(new byte[] {4}));
    SignedCredential c = SignedCredential.sign(claims(), other, other.signatures().signer(board), Hash.fromHex("cd".repeat(32)),
        JAN_2027);
    assertThatThrownBy(() -> c.verifyProof(suite, board.getPublic())).isInstanceOf(ProofException.class)
        .matches(e -> ((ProofException) e).kind() == ProofException.Kind.UNSUPPORTED)
        .hasMessageContaining("takes DataIntegrityProof/" + Cryptosuite.of(suite).wireName());
  }

  @org.junit.jupiter.api.Test
  void unreadableDocumentsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> SignedCredential.parse("{not json")).hasMessageStartingWith("not JSON");
    ObjectNode d = claims().toJson();
    ((ObjectNode) d.get("credentialSubject")).remove("licenceNumber");
    assertThatThrownBy(() -> ClinicianCredential.fromJson(d)).hasMessageContaining("licenceNumber is missing");
    ObjectNode e = claims().toJson();
    e.put("validUntil", "next year");
    assertThatThrownBy(() -> ClinicianCredential.fromJson(e)).hasMessageContaining("validUntil 'next year' is not a dateTime");
  }
}
