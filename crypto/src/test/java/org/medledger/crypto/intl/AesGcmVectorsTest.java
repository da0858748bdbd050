package org.medledger.crypto.intl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.crypto.Hex;

/** McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 13-16 (256-bit keys). */
class AesGcmVectorsTest {
  final AesGcm gcm = new AesGcm();

  void check(String k, String iv, String p, String aad, String c, String tag) throws Exception {
    byte[] out = gcm.seal(Hex.decode(k), Hex.decode(iv), Hex.decode(p), Hex.decode(aad));
    assertThat(Hex.encode(out)).isEqualTo(c + tag);
    assertThat(Hex.encode(gcm.open(Hex.decode(k), Hex.decode(iv), out, Hex.decode(aad)))).isEqualTo(p);
  }

  @Test
  void testCase13() throws Exception {
    check("00".repeat(32), "00".repeat(12), "", "", "", "530f8afbc74536b9a963b4f1c4cb738b");
  }

  @Test
  void testCase14() throws Exception {
    check("00".repeat(32), "00".repeat(12), "00".repeat(16), "", "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919");
  }

  static final String K15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
  static final String P15 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
  static final String C15 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

  @Test
  void testCase15() throws Exception {
    check(K15, "cafebabefacedbaddecaf888", P15, "", C15, "b094dac5d93471bdec1a502270e3cc6c");
  }

  @Test
  void testCase16WithAssociatedData() throws Exception {
    check(K15, "cafebabefacedbaddecaf888", P15.substring(0, 120), "feedfacedeadbeeffeedfacedeadbeefabaddad2",
        C15.substring(0, 120), "76fc6ece0f4e1768cddf8853bb2d551b");
  }
}
