package org.medledger.apps.credentials.vc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hex;

/**
 * Our ecdsa-jcs-2019 against the W3C vc-di-ecdsa specification's published test vector
 * (TestVectors/ecdsa-jcs-2019-p256 and p256KeyPair.json in github.com/w3c/vc-di-ecdsa): the
 * spec's signed Alumni credential verifies with the spec's P-256 key, its proof configuration
 * canonicalises to the spec's bytes, and one changed character fails.
 */
class EcdsaJcs2019VectorTest {
  private static final CryptoSuite INTL = CryptoSuites.intl();
  /** p256KeyPair.json's publicKeyMultibase: multicodec 0x1200 (varint 0x80 0x24) then the compressed point. */
  static final String PUBLIC_KEY = "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP";
  static final String SIGNED = """
      {
        "@context": [
          "https://www.w3.org/ns/credentials/v2",
          "https://www.w3.org/ns/credentials/examples/v2"
        ],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "name": "Alumni Credential",
        "description": "A minimum viable example of an Alumni Credential.",
        "issuer": "https://vc.example/issuers/5678",
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
        "proof": {
          "type": "DataIntegrityProof",
          "cryptosuite": "ecdsa-jcs-2019",
          "created": "2023-02-24T23:36:38Z",
          "verificationMethod": "https://vc.example/issuers/5678#zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP",
          "proofPurpose": "assertionMethod",
          "proofValue": "z7pnwfec5k9N26YDUjjDxjJEijAdEoAbJY2n3CTx3CYvzzRxcV5UkmECmLmQcA8eYTsDQ6GHCFDSk7Yb1hd4uN5a"
        }
      }""";

  static PublicKey specKey() {
    byte[] multikey = Base58Btc.decodeMultibase(PUBLIC_KEY);
    assertThat(Arrays.copyOfRange(multikey, 0, 2)).isEqualTo(new byte[] {(byte) 0x80, 0x24});
    byte[] compressed = Arrays.copyOfRange(multikey, 2, multikey.length);
    byte[] point = ECNamedCurveTable.getByName("secp256r1").getCurve().decodePoint(compressed).getEncoded(false);
    try {
      byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
          SECObjectIdentifiers.secp256r1), point).getEncoded();
      return INTL.signatures().decodePublicKey(spki);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode parse(String json) throws Exception {
    return (ObjectNode) Jcs.JSON.readTree(json);
  }

  @Test
  void theSpecsSignedCredentialVerifiesWithTheSpecsKey() throws Exception {
    DataIntegrityProof.verify(parse(SIGNED), INTL, specKey());
  }

  @Test
  void oneChangedCharacterOfTheSpecsCredentialFails() throws Exception {
    ObjectNode tampered = parse(SIGNED.replace("The School of Examples", "The School of Exampleз"));
    assertThatThrownBy(() -> DataIntegrityProof.verify(tampered, INTL, specKey())).isInstanceOf(ProofException.class)
        .hasMessageContaining("does not verify");
  }

  /** The did:key edition of the same vector, whose intermediate hash the spec publishes (combinedHashJCSECDSAP256.txt). */
  static String didKeyEdition() {
    return SIGNED.replace("https://vc.example/issuers/5678#zDnaep", "did:key:" + PUBLIC_KEY + "#zDnaep")
        .replace("z7pnwfec5k9N26YDUjjDxjJEijAdEoAbJY2n3CTx3CYvzzRxcV5UkmECmLmQcA8eYTsDQ6GHCFDSk7Yb1hd4uN5a",
            "zq6PrUMCtqY5obCSsrQxuFJdGffCDxvFuopdZiBPUBRTFEs1VVsBZi8YiEwVWgHYrXxoV93gBHqGDBtQLPFxpZxz");
  }

  @Test
  void ourHashDataIsTheSpecsCombinedHashAndItsProofVerifies() throws Exception {
    ObjectNode doc = parse(didKeyEdition());
    assertThat(Hex.encode(DataIntegrityProof.hashData(INTL, doc, (ObjectNode) doc.get("proof")))).isEqualTo(
        "9c4b552d65fcb106b6b27ec2436d8ae81b319afc7aeaab7964b2938cd120cec3"
            + "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19");
    ObjectNode config = ((ObjectNode) doc.get("proof")).deepCopy();
    config.remove("proofValue");
    assertThat(new String(Jcs.canonical(config), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
        "{\"created\":\"2023-02-24T23:36:38Z\",\"cryptosuite\":\"ecdsa-jcs-2019\",\"proofPurpose\":\"assertionMethod\","
            + "\"type\":\"DataIntegrityProof\",\"verificationMethod\":\"did:key:" + PUBLIC_KEY + "#" + PUBLIC_KEY.substring(0) + "\"}");
    DataIntegrityProof.verify(doc, INTL, specKey());
  }
}
