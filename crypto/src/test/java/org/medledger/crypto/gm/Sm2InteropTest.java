package org.medledger.crypto.gm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.SignatureScheme;
import org.medledger.crypto.internal.Bc;

/**
 * SM2 (GB/T 32918.2) signatures agree with Bouncy Castle's JCA SM3withSM2, which implements the
 * same standard with the GM/T 0009 default user id, in both directions.
 */
class Sm2InteropTest {
  final SignatureScheme sm2 = CryptoSuites.gm().signatures();
  final KeyPair kp = sm2.generateKeyPair(new SecureRandom());
  final byte[] msg = "message digest".getBytes(StandardCharsets.US_ASCII);

  @Test
  void ourSignatureVerifiesWithJcaSm3WithSm2() throws Exception {
    byte[] sig = sm2.signer(kp).sign(msg);
    Signature v = Signature.getInstance("SM3withSM2", Bc.provider());
    v.initVerify(kp.getPublic());
    v.update(msg);
    assertThat(v.verify(sig)).isTrue();
  }

  @Test
  void jcaSm3WithSm2SignatureVerifiesWithOurs() throws Exception {
    Signature s = Signature.getInstance("SM3withSM2", Bc.provider());
    s.initSign(kp.getPrivate());
    s.update(msg);
    byte[] sig = s.sign();
    assertThat(sm2.verifier(kp.getPublic()).verify(msg, sig)).isTrue();
    assertThat(sm2.verifier(kp.getPublic()).verify("message digesT".getBytes(StandardCharsets.US_ASCII), sig)).isFalse();
  }

  @Test
  void signingIsDeterministicPerKeyAndMessage() {
    assertThat(sm2.signer(kp).sign(msg)).isEqualTo(sm2.signer(kp).sign(msg));
    assertThat(sm2.signer(kp).sign(msg)).isNotEqualTo(sm2.signer(kp).sign(new byte[] {1}));
  }

  @Test
  void ourSignatureVerifiesWithBouncyCastlesOwnSm2Signer() {
    // Sm2KeySigner is our code; SM2Signer is Bouncy Castle's, computing Z_A and e on its own.
    for (int i = 0; i < 20; i++) {
      byte[] m = ("message " + i).getBytes(StandardCharsets.US_ASCII);
      byte[] sig = sm2.signer(kp).sign(m);
      org.bouncycastle.crypto.signers.SM2Signer bc = new org.bouncycastle.crypto.signers.SM2Signer();
      bc.init(false, Sm2.KEYS.publicParameters(kp.getPublic()));
      bc.update(m, 0, m.length);
      assertThat(bc.verifySignature(sig)).isTrue();
    }
  }

  @Test
  void refusesAKeyPairWhoseHalvesDoNotMatch() {
    KeyPair other = sm2.generateKeyPair(new SecureRandom());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sm2.signer(new KeyPair(kp.getPublic(), other.getPrivate())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not belong together");
  }

  @Test
  void refusesP256Keys() {
    KeyPair p256 = CryptoSuites.intl().signatures().generateKeyPair(new SecureRandom());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sm2.verifier(p256.getPublic()))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sm2.decodePrivateKey(p256.getPrivate().getEncoded()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not a sm2p256v1 private key (PKCS#8)");
  }

  @Test
  void aSignatureUnderAnotherKeyFails() {
    KeyPair other = sm2.generateKeyPair(new SecureRandom());
    assertThat(sm2.verifier(other.getPublic()).verify(msg, sm2.signer(kp).sign(msg))).isFalse();
  }
}
