package org.medledger.crypto.intl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.SignatureScheme;
import org.medledger.crypto.internal.Bc;

/**
 * Our ECDSA P-256 agrees with the JDK's SunEC and Bouncy Castle's JCA SHA256withECDSA in both
 * directions, and takes key objects from either provider.
 */
class EcdsaInteropTest {
  final SignatureScheme ecdsa = CryptoSuites.intl().signatures();
  final byte[] msg = "a transaction".getBytes(StandardCharsets.US_ASCII);

  static KeyPair sunEcKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
    g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return g.generateKeyPair();
  }

  @Test
  void ourSignatureVerifiesWithSunEcAndBouncyCastle() throws Exception {
    KeyPair kp = ecdsa.generateKeyPair(new SecureRandom());
    byte[] sig = ecdsa.signer(kp).sign(msg);
    for (Signature v : new Signature[] {
        Signature.getInstance("SHA256withECDSA", "SunEC"), Signature.getInstance("SHA256withECDSA", Bc.provider())}) {
      v.initVerify(ecdsa.decodePublicKey(kp.getPublic().getEncoded()));
      v.update(msg);
      assertThat(v.verify(sig)).as(v.getProvider().getName()).isTrue();
    }
  }

  @Test
  void sunEcSignaturesAndKeysWorkWithOurs() throws Exception {
    KeyPair kp = sunEcKeys();
    for (int i = 0; i < 20; i++) {
      Signature s = Signature.getInstance("SHA256withECDSA", "SunEC");
      s.initSign(kp.getPrivate());
      s.update(msg);
      byte[] sig = s.sign();
      // SunEC does not normalise s, so about half of these are high-S: both must verify.
      assertThat(ecdsa.verifier(kp.getPublic()).verify(msg, sig)).isTrue();
    }
    byte[] ours = ecdsa.signer(kp).sign(msg);
    Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
    v.initVerify(kp.getPublic());
    v.update(msg);
    assertThat(v.verify(ours)).isTrue();
  }

  @Test
  void signingIsDeterministicPerKeyAndMessage() {
    KeyPair kp = ecdsa.generateKeyPair(new SecureRandom());
    assertThat(ecdsa.signer(kp).sign(msg)).isEqualTo(ecdsa.signer(kp).sign(msg));
    assertThat(ecdsa.signer(kp).sign(msg)).isNotEqualTo(ecdsa.signer(kp).sign(new byte[] {1}));
  }

  @Test
  void refusesAKeyPairWhoseHalvesDoNotMatch() {
    KeyPair a = ecdsa.generateKeyPair(new SecureRandom());
    KeyPair b = ecdsa.generateKeyPair(new SecureRandom());
    assertThatThrownBy(() -> ecdsa.signer(new KeyPair(a.getPublic(), b.getPrivate())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not belong together");
  }

  @Test
  void refusesKeysOfAnotherCurve() {
    KeyPair sm2 = CryptoSuites.gm().signatures().generateKeyPair(new SecureRandom());
    assertThatThrownBy(() -> ecdsa.verifier(sm2.getPublic())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ecdsa.signer(sm2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ecdsa.decodePublicKey(sm2.getPublic().getEncoded())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ecdsa.decodePrivateKey(sm2.getPrivate().getEncoded()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not a secp256r1 private key (PKCS#8)");
  }
}
