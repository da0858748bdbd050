package org.medledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptionKeyCertificateTest {
  private static final String CHAIN = "test-chain";
  private static final String HOLDER = EncryptionKeyCertificate.nodeHolder("org-0-node");
  private final SecureRandom random = new SecureRandom();

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aCertificateByTheHoldersSigningKeyCertifiesItsEncryptionKey(String id) throws Exception {
    CryptoSuite suite = CryptoSuites.byId(id);
    KeyPair signing = suite.signatures().generateKeyPair(random);
    KeyPair encryption = suite.generateEncryptionKeyPair(random);
    EncryptionKeyCertificate c = EncryptionKeyCertificate.issue(suite, suite.signatures().signer(signing), CHAIN, HOLDER,
        encryption.getPublic());

    EncryptionKeyCertificate decoded = EncryptionKeyCertificate.decode(c.encode());
    assertThat(decoded).isEqualTo(c);
    CertifiedEncryptionKey certified = decoded.certify(suite, CHAIN, HOLDER, signing.getPublic());
    assertThat(certified.holder()).isEqualTo(HOLDER);
    assertThat(certified.publicKey().getEncoded()).isEqualTo(encryption.getPublic().getEncoded());

    byte[] dataKey = new byte[suite.aead().keyLength()];
    random.nextBytes(dataKey);
    byte[] wrapped = suite.keyWrap().wrap(certified, dataKey, random);
    assertThat(suite.keyWrap().unwrap(encryption.getPrivate(), wrapped)).isEqualTo(dataKey);
    assertThatThrownBy(() -> suite.keyWrap().unwrap(signing.getPrivate(), wrapped)).as("the signing key does not decrypt")
        .isInstanceOf(AeadException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aCertificateByAnotherKeyIsRefused(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    KeyPair signing = suite.signatures().generateKeyPair(random);
    KeyPair intruder = suite.signatures().generateKeyPair(random);
    KeyPair encryption = suite.generateEncryptionKeyPair(random);
    // The intruder certifies its own encryption key under the holder's name.
    EncryptionKeyCertificate forged = EncryptionKeyCertificate.issue(suite, suite.signatures().signer(intruder), CHAIN, HOLDER,
        encryption.getPublic());
    assertThatThrownBy(() -> forged.certify(suite, CHAIN, HOLDER, signing.getPublic()))
        .isInstanceOf(UncertifiedKeyException.class).hasMessageContaining("not signed by its signing key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aCertificateForAnotherHolderChainOrSuiteIsRefused(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    CryptoSuite other = id.equals("intl") ? CryptoSuites.gm() : CryptoSuites.intl();
    KeyPair signing = suite.signatures().generateKeyPair(random);
    Signer signer = suite.signatures().signer(signing);
    KeyPair encryption = suite.generateEncryptionKeyPair(random);
    EncryptionKeyCertificate c = EncryptionKeyCertificate.issue(suite, signer, CHAIN, HOLDER, encryption.getPublic());

    assertThatThrownBy(() -> c.certify(suite, CHAIN, EncryptionKeyCertificate.nodeHolder("org-1-node"), signing.getPublic()))
        .isInstanceOf(UncertifiedKeyException.class).hasMessageContaining("names 'node:org-0-node'");
    assertThatThrownBy(() -> c.certify(suite, "other-chain", HOLDER, signing.getPublic()))
        .isInstanceOf(UncertifiedKeyException.class).hasMessageContaining("chain 'test-chain'");
    assertThatThrownBy(() -> c.certify(other, CHAIN, HOLDER, signing.getPublic()))
        .isInstanceOf(UncertifiedKeyException.class).hasMessageContaining("suite '" + id + "'");
    // Relabelling the certificate (holder or chain changed, signature kept) breaks the signature.
    EncryptionKeyCertificate relabelled = new EncryptionKeyCertificate("other-chain", "node:org-1-node", id,
        c.encryptionKey(), c.signature());
    assertThatThrownBy(() -> relabelled.certify(suite, "other-chain", "node:org-1-node", signing.getPublic()))
        .isInstanceOf(UncertifiedKeyException.class).hasMessageContaining("not signed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void theSigningKeyOfferedAsEncryptionKeyIsRefused(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    KeyPair signing = suite.signatures().generateKeyPair(random);
    Signer signer = suite.signatures().signer(signing);
    assertThatThrownBy(() -> EncryptionKeyCertificate.issue(suite, signer, CHAIN, HOLDER, signing.getPublic()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be its encryption key");
    // Made by hand, properly signed: still refused.
    byte[] spki = signing.getPublic().getEncoded();
    EncryptionKeyCertificate selfCertified = new EncryptionKeyCertificate(CHAIN, HOLDER, id, spki,
        signer.sign(EncryptionKeyCertificate.statement(CHAIN, HOLDER, id, spki)));
    assertThatThrownBy(() -> selfCertified.certify(suite, CHAIN, HOLDER, signing.getPublic()))
        .isInstanceOf(UncertifiedKeyException.class).hasMessageContaining("is its signing key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void anAlteredOrTruncatedCertificateDoesNotCertify(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    KeyPair signing = suite.signatures().generateKeyPair(random);
    byte[] good = EncryptionKeyCertificate.issue(suite, suite.signatures().signer(signing), CHAIN, HOLDER,
        suite.generateEncryptionKeyPair(random).getPublic()).encode();
    for (int at = 0; at < good.length; at++) {
      byte[] altered = good.clone();
      altered[at] ^= 0x01;
      int i = at;
      assertThat(certifies(suite, altered, signing)).as("byte %d changed", i).isFalse();
    }
    assertThatThrownBy(() -> EncryptionKeyCertificate.decode(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EncryptionKeyCertificate.decode(Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
  }

  private static boolean certifies(CryptoSuite suite, byte[] bytes, KeyPair signing) {
    try {
      EncryptionKeyCertificate.decode(bytes).certify(suite, CHAIN, HOLDER, signing.getPublic());
      return true;
    } catch (IllegalArgumentException | UncertifiedKeyException e) {
      return false;
    }
  }
}
