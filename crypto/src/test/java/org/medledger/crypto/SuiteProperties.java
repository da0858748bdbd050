package org.medledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class SuiteProperties {
  static final CryptoSuite[] SUITES = {CryptoSuites.intl(), CryptoSuites.gm()};
  static final KeyPair[] KEYS = {
    SUITES[0].signatures().generateKeyPair(new SecureRandom()), SUITES[1].signatures().generateKeyPair(new SecureRandom())
  };

  @Property(tries = 60)
  void signaturesVerifyAndAnyFlippedBitFails(@ForAll @Size(max = 300) byte[] message, @ForAll boolean gm, @ForAll int bit) {
    int i = gm ? 1 : 0;
    Signer s = SUITES[i].signatures().signer(KEYS[i]);
    Verifier v = SUITES[i].signatures().verifier(KEYS[i].getPublic());
    byte[] sig = s.sign(message);
    assertThat(v.verify(message, sig)).isTrue();
    byte[] badSig = sig.clone();
    int b = Math.floorMod(bit, badSig.length * 8);
    badSig[b / 8] ^= (byte) (1 << (b % 8));
    assertThat(v.verify(message, badSig)).isFalse();
    if (message.length > 0) {
      byte[] badMsg = message.clone();
      int m = Math.floorMod(bit, badMsg.length * 8);
      badMsg[m / 8] ^= (byte) (1 << (m % 8));
      assertThat(v.verify(badMsg, sig)).isFalse();
    }
  }

  @Property(tries = 60)
  void aeadOpensWhatItSealedAndRejectsAnyFlippedBit(@ForAll @Size(max = 500) byte[] plaintext, @ForAll @Size(max = 40) byte[] aad,
      @ForAll boolean gm, @ForAll int bit) throws Exception {
    Aead a = (gm ? SUITES[1] : SUITES[0]).aead();
    byte[] key = new byte[a.keyLength()];
    byte[] nonce = new byte[a.nonceLength()];
    new SecureRandom().nextBytes(key);
    new SecureRandom().nextBytes(nonce);
    byte[] sealed = a.seal(key, nonce, plaintext, aad);
    assertThat(sealed).hasSize(plaintext.length + 16);
    assertThat(a.open(key, nonce, sealed, aad)).isEqualTo(plaintext);
    byte[] bad = sealed.clone();
    int b = Math.floorMod(bit, bad.length * 8);
    bad[b / 8] ^= (byte) (1 << (b % 8));
    assertThatThrownBy(() -> a.open(key, nonce, bad, aad)).isInstanceOf(AeadException.class);
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
}
