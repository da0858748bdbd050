package org.medledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.crypto.Gens.bytes;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

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

  /** A generator that gives the same keys for the same seed, so a failing seed replays with its key. */
  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void signaturesVerifyAndAnyFlippedBitFails() {
    qt().withExamples(60).forAll(bytes(0, 300), booleans().all(), integers().all()).checkAssert((message, gm, bit) -> {
      int i = gm ? 1 : 0;
      Signer s = SUITES[i].signatures().signer(KEYS[i]);
      Verifier v = SUITES[i].signatures().verifier(KEYS[i].getPublic());
      byte[] sig = s.sign(message);
      assertThat(v.verify(message, sig)).isTrue();
      assertThat(v.verify(message, flip(sig, bit))).isFalse();
      if (message.length > 0) {
        assertThat(v.verify(flip(message, bit), sig)).isFalse();
      }
    });
  }

  @Test
  void signaturesAreDeterministicAndBoundToTheKey() {
    qt().withExamples(30).forAll(bytes(0, 100), booleans().all()).checkAssert((message, gm) -> {
      int i = gm ? 1 : 0;
      SignatureScheme scheme = SUITES[i].signatures();
      byte[] sig = scheme.signer(KEYS[i]).sign(message);
      assertThat(scheme.signer(KEYS[i]).sign(message)).isEqualTo(sig);
      assertThat(scheme.verifier(OTHER_KEYS[i].getPublic()).verify(message, sig)).isFalse();
    });
  }

  /** One AEAD example: what is sealed, under what, and which bit an attacker flips. */
  record Sealing(boolean gm, byte[] plaintext, byte[] aad, byte[] keyMaterial, byte[] nonce, int bit) {
    static final Gen<Sealing> ANY = in -> new Sealing(booleans().all().generate(in), bytes(0, 500).generate(in),
        bytes(0, 40).generate(in), bytes(32).generate(in), bytes(12).generate(in), integers().all().generate(in));

    @Override
    public String toString() {
      return (gm ? "gm" : "intl") + " plaintext " + Gens.hex(plaintext) + " aad " + Gens.hex(aad) + " key " + Gens.hex(keyMaterial)
          + " nonce " + Gens.hex(nonce) + " bit " + bit;
    }
  }

  static byte[] openGenuine(Aead a, byte[] key, byte[] nonce, byte[] sealed, byte[] aad) {
    try {
      return a.open(key, nonce, sealed, aad);
    } catch (AeadException e) {
      throw new AssertionError("a genuine seal did not open", e);
    }
  }

  @Test
  void aeadOpensWhatItSealedAndRejectsAnyFlippedBit() {
    qt().withExamples(60).forAll(Sealing.ANY).checkAssert(c -> {
      Aead a = (c.gm() ? SUITES[1] : SUITES[0]).aead();
      byte[] key = java.util.Arrays.copyOf(c.keyMaterial(), a.keyLength());
      byte[] sealed = a.seal(key, c.nonce(), c.plaintext(), c.aad());
      assertThat(sealed).hasSize(c.plaintext().length + 16);
      assertThat(openGenuine(a, key, c.nonce(), sealed, c.aad())).isEqualTo(c.plaintext());
      assertThatThrownBy(() -> a.open(key, c.nonce(), flip(sealed, c.bit()), c.aad())).isInstanceOf(AeadException.class);
      assertThatThrownBy(() -> a.open(key, flip(c.nonce(), c.bit()), sealed, c.aad())).isInstanceOf(AeadException.class);
      assertThatThrownBy(() -> a.open(flip(key, c.bit()), c.nonce(), sealed, c.aad())).isInstanceOf(AeadException.class);
      if (c.aad().length > 0) {
        assertThatThrownBy(() -> a.open(key, c.nonce(), sealed, flip(c.aad(), c.bit()))).isInstanceOf(AeadException.class);
      }
    });
  }

  @Test
  void malformedSignatureBytesAreFalseNotExceptions() {
    qt().withExamples(30).forAll(bytes(0, 100), booleans().all()).checkAssert((junk, gm) -> {
      int i = gm ? 1 : 0;
      assertThat(SUITES[i].signatures().verifier(KEYS[i].getPublic()).verify(new byte[] {1, 2, 3}, junk)).isFalse();
    });
  }

  @Test
  void keysRoundTripThroughTheirEncodings() {
    // A fresh key each example, drawn from the example's seed, so a failing seed replays with its key.
    qt().withExamples(10).forAll(booleans().all(), longs().all()).checkAssert((gm, seed) -> {
      SignatureScheme s = SUITES[gm ? 1 : 0].signatures();
      KeyPair kp = s.generateKeyPair(seeded(seed));
      KeyPair back = new KeyPair(s.decodePublicKey(kp.getPublic().getEncoded()), s.decodePrivateKey(kp.getPrivate().getEncoded()));
      byte[] sig = s.signer(back).sign(new byte[] {42});
      assertThat(s.verifier(kp.getPublic()).verify(new byte[] {42}, sig)).isTrue();
    });
  }

  @Test
  void decodersRefuseJunkWithIllegalArgumentException() {
    qt().withExamples(30).forAll(bytes(0, 200), booleans().all()).checkAssert((junk, gm) -> {
      SignatureScheme s = SUITES[gm ? 1 : 0].signatures();
      assertThatThrownBy(() -> s.decodePublicKey(junk)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.decodePrivateKey(junk)).isInstanceOf(IllegalArgumentException.class);
    });
  }
}
