package org.medledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Properties every suite must have, over random messages, keys, nonces and bit positions. */
class SuiteProperties {
  static final CryptoSuite[] SUITES = {CryptoSuites.intl(), CryptoSuites.gm()};
  static final KeyPair[] KEYS = {
    SUITES[0].signatures().generateKeyPair(new SecureRandom()), SUITES[1].signatures().generateKeyPair(new SecureRandom())
  };
  static final KeyPair[] OTHER_KEYS = {
    SUITES[0].signatures().generateKeyPair(new SecureRandom()), SUITES[1].signatures().generateKeyPair(new SecureRandom())
  };

  static byte[] flip(byte[] b, int bit) {
    byte[] out = b.clone();
    int i = Math.floorMod(bit, out.length * 8);
    out[i / 8] ^= (byte) (1 << (i % 8));
    return out;
  }

  @Property(tries = 60)
  void signaturesVerifyAndAnyFlippedBitFails(@ForAll @Size(max = 300) byte[] message, @ForAll boolean gm, @ForAll int bit) {
    int i = gm ? 1 : 0;
    Signer s = SUITES[i].signatures().signer(KEYS[i]);
    Verifier v = SUITES[i].signatures().verifier(KEYS[i].getPublic());
    byte[] sig = s.sign(message);
    assertThat(v.verify(message, sig)).isTrue();
    assertThat(v.verify(message, flip(sig, bit))).isFalse();
    if (message.length > 0) {
      assertThat(v.verify(flip(message, bit), sig)).isFalse();
    }
  }

  @Property(tries = 30)
  void signaturesAreDeterministicAndBoundToTheKey(@ForAll @Size(max = 100) byte[] message, @ForAll boolean gm) {
    int i = gm ? 1 : 0;
    SignatureScheme scheme = SUITES[i].signatures();
    byte[] sig = scheme.signer(KEYS[i]).sign(message);
    assertThat(scheme.signer(KEYS[i]).sign(message)).isEqualTo(sig);
    assertThat(scheme.verifier(OTHER_KEYS[i].getPublic()).verify(message, sig)).isFalse();
  }

  @Property(tries = 60)
  void aeadOpensWhatItSealedAndRejectsAnyFlippedBit(@ForAll @Size(max = 500) byte[] plaintext,
      @ForAll @Size(max = 40) byte[] aad, @ForAll @Size(32) byte[] keyMaterial, @ForAll @Size(12) byte[] nonce,
      @ForAll boolean gm, @ForAll int bit) throws Exception {
    Aead a = (gm ? SUITES[1] : SUITES[0]).aead();
    byte[] key = java.util.Arrays.copyOf(keyMaterial, a.keyLength());
    byte[] sealed = a.seal(key, nonce, plaintext, aad);
    assertThat(sealed).hasSize(plaintext.length + 16);
    assertThat(a.open(key, nonce, sealed, aad)).isEqualTo(plaintext);
    assertThatThrownBy(() -> a.open(key, nonce, flip(sealed, bit), aad)).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> a.open(key, flip(nonce, bit), sealed, aad)).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> a.open(flip(key, bit), nonce, sealed, aad)).isInstanceOf(AeadException.class);
    if (aad.length > 0) {
      assertThatThrownBy(() -> a.open(key, nonce, sealed, flip(aad, bit))).isInstanceOf(AeadException.class);
    }
  }

  @Property(tries = 30)
  void malformedSignatureBytesAreFalseNotExceptions(@ForAll @Size(max = 100) byte[] junk, @ForAll boolean gm) {
    int i = gm ? 1 : 0;
    assertThat(SUITES[i].signatures().verifier(KEYS[i].getPublic()).verify(new byte[] {1, 2, 3}, junk)).isFalse();
  }

  @Property(tries = 10)
  void keysRoundTripThroughTheirEncodings(@ForAll boolean gm) {
    int i = gm ? 1 : 0;
    SignatureScheme s = SUITES[i].signatures();
    KeyPair kp = s.generateKeyPair(new SecureRandom());
    KeyPair back = new KeyPair(s.decodePublicKey(kp.getPublic().getEncoded()), s.decodePrivateKey(kp.getPrivate().getEncoded()));
    byte[] sig = s.signer(back).sign(new byte[] {42});
    assertThat(s.verifier(kp.getPublic()).verify(new byte[] {42}, sig)).isTrue();
  }

  @Property(tries = 30)
  void decodersRefuseJunkWithIllegalArgumentException(@ForAll @Size(max = 200) byte[] junk, @ForAll boolean gm) {
    SignatureScheme s = SUITES[gm ? 1 : 0].signatures();
    assertThatThrownBy(() -> s.decodePublicKey(junk)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.decodePrivateKey(junk)).isInstanceOf(IllegalArgumentException.class);
  }
}
