package org.medledger.crypto.gm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.Hex;

/** SM4-GCM: RFC 8998 Appendix A.1 (the TLS_SM4_GCM_SM3 test vector), then tampering. */
class Sm4GcmTest {
  // RFC 8998 Appendix A.1, "SM4-GCM Test Vectors".
  static final byte[] KEY = Hex.decode("0123456789abcdeffedcba9876543210");
  static final byte[] IV = Hex.decode("00001234567800000000abcd");
  static final byte[] AAD = Hex.decode("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  static final String PLAINTEXT = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
      + "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa";
  static final String CIPHERTEXT = "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
      + "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d";
  static final String TAG = "83de3541e4c2b58177e065a9bf7b62ec";

  final Sm4Gcm gcm = new Sm4Gcm();

  @Test
  void sealsTheRfc8998Vector() {
    assertThat(Hex.encode(gcm.seal(KEY, IV, Hex.decode(PLAINTEXT), AAD))).isEqualTo(CIPHERTEXT + TAG);
  }

  @Test
  void opensTheRfc8998Vector() throws Exception {
    assertThat(Hex.encode(gcm.open(KEY, IV, Hex.decode(CIPHERTEXT + TAG), AAD))).isEqualTo(PLAINTEXT);
  }

  @Test
  void refusesTheVectorWithAnyPartChanged() {
    byte[] sealed = Hex.decode(CIPHERTEXT + TAG);
    for (int i : new int[] {0, 63, 64, 79}) {
      byte[] bad = sealed.clone();
      bad[i] ^= 1;
      assertThatThrownBy(() -> gcm.open(KEY, IV, bad, AAD)).isInstanceOf(AeadException.class)
          .hasMessageContaining("does not verify");
    }
    byte[] aad = AAD.clone();
    aad[19] ^= 1;
    assertThatThrownBy(() -> gcm.open(KEY, IV, sealed, aad)).isInstanceOf(AeadException.class);
    byte[] iv = IV.clone();
    iv[11] ^= 1;
    assertThatThrownBy(() -> gcm.open(KEY, iv, sealed, AAD)).isInstanceOf(AeadException.class);
    byte[] key = KEY.clone();
    key[0] ^= 1;
    assertThatThrownBy(() -> gcm.open(key, IV, sealed, AAD)).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> gcm.open(KEY, IV, java.util.Arrays.copyOf(sealed, 64), AAD)).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> gcm.open(KEY, IV, new byte[15], AAD)).isInstanceOf(AeadException.class)
        .hasMessageContaining("shorter than its 16-byte tag");
  }

  @Test
  void roundTripsEmptyAndLargeMessages() throws Exception {
    for (int size : new int[] {0, 1, 16, 17, 70_000}) {
      byte[] pt = new byte[size];
      new java.util.Random(size).nextBytes(pt);
      byte[] sealed = gcm.seal(KEY, IV, pt, null);
      assertThat(sealed).hasSize(size + 16);
      assertThat(gcm.open(KEY, IV, sealed, new byte[0])).isEqualTo(pt);
    }
  }

  @Test
  void refusesWrongKeyAndNonceLengths() {
    assertThatThrownBy(() -> gcm.seal(new byte[32], IV, new byte[1], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("SM4-GCM key must be 16 bytes, got 32");
    assertThatThrownBy(() -> gcm.seal(KEY, new byte[16], new byte[1], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("SM4-GCM nonce must be 12 bytes, got 16");
  }
}
