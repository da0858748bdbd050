package org.medledger.crypto.intl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.AeadException;

class AesGcmTest {
  final AesGcm gcm = new AesGcm();
  final Random seeded = new Random(42);

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    seeded.nextBytes(b);
    return b;
  }

  /** Bouncy Castle's independent GCM, fed in one piece: the reference for our 16 KiB pieces. */
  static byte[] reference(byte[] key, byte[] nonce, byte[] pt, byte[] aad) throws Exception {
    GCMModeCipher c = GCMBlockCipher.newInstance(AESEngine.newInstance());
    c.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
    byte[] out = new byte[c.getOutputSize(pt.length)];
    c.doFinal(out, c.processBytes(pt, 0, pt.length, out, 0));
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 16383, 16384, 16385, 32768, 32769, 100_000})
  void sealingInPiecesEqualsOneShotGcmAtEveryBoundary(int size) throws Exception {
    byte[] key = bytes(32);
    byte[] nonce = bytes(12);
    byte[] pt = bytes(size);
    byte[] aad = bytes(13);
    byte[] sealed = gcm.seal(key, nonce, pt, aad);
    assertThat(sealed).isEqualTo(reference(key, nonce, pt, aad));
    assertThat(gcm.open(key, nonce, sealed, aad)).isEqualTo(pt);
  }

  @Test
  void refusesAnyChangeToKeyNonceDataOrTag() throws Exception {
    byte[] key = bytes(32);
    byte[] nonce = bytes(12);
    byte[] aad = "record 7".getBytes();
    byte[] sealed = gcm.seal(key, nonce, bytes(100), aad);
    byte[] otherKey = key.clone();
    otherKey[31] ^= 1;
    byte[] otherNonce = nonce.clone();
    otherNonce[0] ^= (byte) 0x80;
    byte[] lastTagBit = sealed.clone();
    lastTagBit[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> gcm.open(otherKey, nonce, sealed, aad)).isInstanceOf(AeadException.class)
        .hasMessageContaining("does not verify");
    assertThatThrownBy(() -> gcm.open(key, otherNonce, sealed, aad)).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> gcm.open(key, nonce, sealed, "record 8".getBytes())).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> gcm.open(key, nonce, sealed, null)).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> gcm.open(key, nonce, lastTagBit, aad)).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> gcm.open(key, nonce, java.util.Arrays.copyOf(sealed, 15), aad))
        .isInstanceOf(AeadException.class).hasMessageContaining("shorter than its 16-byte tag");
  }

  @Test
  void treatsEmptyAndMissingAssociatedDataAlike() throws Exception {
    byte[] key = bytes(32);
    byte[] nonce = bytes(12);
    byte[] sealed = gcm.seal(key, nonce, new byte[] {9}, null);
    assertThat(gcm.seal(key, nonce, new byte[] {9}, new byte[0])).isEqualTo(sealed);
    assertThat(gcm.open(key, nonce, sealed, new byte[0])).containsExactly(9);
  }

  @Test
  void refusesWrongKeyAndNonceLengthsWithoutEchoingThem() {
    assertThatThrownBy(() -> gcm.seal(new byte[16], new byte[12], new byte[1], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("AES-256-GCM key must be 32 bytes, got 16");
    assertThatThrownBy(() -> gcm.seal(new byte[32], new byte[16], new byte[1], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("AES-256-GCM nonce must be 12 bytes, got 16");
    assertThatThrownBy(() -> gcm.open(new byte[31], new byte[12], new byte[16], null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
