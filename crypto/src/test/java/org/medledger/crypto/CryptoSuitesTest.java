package org.medledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CryptoSuitesTest {
  @Test
  void namesTheAlgorithmsOfEachSuite() {
    CryptoSuite intl = CryptoSuites.intl();
    assertThat(intl.id()).isEqualTo("intl");
    assertThat(intl.hash().algorithm()).isEqualTo("SHA-256");
    assertThat(intl.signatures().name()).isEqualTo("ECDSA-P256-SHA256");
    assertThat(intl.signatures().certificateSignatureAlgorithm()).isEqualTo("SHA256withECDSA");
    assertThat(intl.aead().name()).isEqualTo("AES-256-GCM");
    assertThat(intl.aead().keyLength()).isEqualTo(32);

    CryptoSuite gm = CryptoSuites.gm();
    assertThat(gm.id()).isEqualTo("gm");
    assertThat(gm.hash().algorithm()).isEqualTo("SM3");
    assertThat(gm.signatures().name()).isEqualTo("SM2-SM3");
    assertThat(gm.signatures().certificateSignatureAlgorithm()).isEqualTo("SM3withSM2");
    assertThat(gm.aead().name()).isEqualTo("SM4-GCM");
    assertThat(gm.aead().keyLength()).isEqualTo(16);

    for (CryptoSuite s : new CryptoSuite[] {intl, gm}) {
      assertThat(s.hash().digestLength()).isEqualTo(32);
      assertThat(s.aead().nonceLength()).isEqualTo(12);
    }
  }

  @Test
  void findsSuitesByIdAndRefusesOthersByName() {
    assertThat(CryptoSuites.byId("intl")).isSameAs(CryptoSuites.intl());
    assertThat(CryptoSuites.byId("gm")).isSameAs(CryptoSuites.gm());
    assertThatThrownBy(() -> CryptoSuites.byId("GM"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown crypto suite 'GM' (expected intl or gm)");
    assertThatThrownBy(() -> CryptoSuites.byId(null))
        .hasMessage("unknown crypto suite 'null' (expected intl or gm)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aRejectedRangeLeavesTheThreadsHasherClean(String id) {
    HashFunction f = CryptoSuites.byId(id).hash();
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    byte[] expected = f.hash(abc);
    assertThatThrownBy(() -> f.hash(new byte[10], 5, 10)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> f.newHasher().update(new byte[10], -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(f.hash(abc)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aHasherResetsAfterEachDigest(String id) {
    HashFunction f = CryptoSuites.byId(id).hash();
    Hasher h = f.newHasher();
    byte[] first = h.update(new byte[] {1, 2, 3}).digest();
    byte[] second = h.update(new byte[] {1, 2, 3}).digest();
    assertThat(second).isEqualTo(first).isEqualTo(f.hash(new byte[] {1, 2, 3}));
  }
}
