package org.medledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashVectorsTest {
  static String h(HashFunction f, String s) {
    return Hex.encode(f.hash(s.getBytes(StandardCharsets.US_ASCII)));
  }

  // FIPS 180-2 Appendix B.1, B.2, B.3.
  @Test
  void sha256MatchesFips180Examples() {
    HashFunction f = CryptoSuites.intl().hash();
    assertThat(f.algorithm()).isEqualTo("SHA-256");
    assertThat(h(f, "abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(h(f, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
        .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    assertThat(h(f, "a".repeat(1_000_000))).isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }

  // GB/T 32905-2016 Appendix A, examples 1 and 2.
  @Test
  void sm3MatchesGbT32905Examples() {
    HashFunction f = CryptoSuites.gm().hash();
    assertThat(f.algorithm()).isEqualTo("SM3");
    assertThat(h(f, "abc")).isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    assertThat(h(f, "abcd".repeat(16))).isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
  }

  @Test
  void incrementalHashingEqualsOneShot() {
    for (CryptoSuite s : new CryptoSuite[] {CryptoSuites.intl(), CryptoSuites.gm()}) {
      byte[] data = "the quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
      byte[] inc = s.hash().newHasher().update(data, 0, 10).update(data[10]).update(java.util.Arrays.copyOfRange(data, 11, data.length)).digest();
      assertThat(inc).isEqualTo(s.hash().hash(data));
      assertThat(s.hash().hash(data, 4, 9)).isEqualTo(s.hash().hash(java.util.Arrays.copyOfRange(data, 4, 13)));
    }
  }
}
