package org.medledger.apps.safety.contract.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hex;

/** Signatures on both suites, the documented bytes, and each refusal of a malformed reading, its message checked. */
class DeviceReadingRulesTest {
  static final String UDI = "(01)00884838101530(17)281231(10)A123(21)SN0042";
  static final DeviceReading PULSE = new DeviceReading(UDI, 7, 1_796_000_000_000L, DeviceReading.LOINC, "8867-4", "72", "/min");

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aDeviceSignatureHoldsOnlyForItsKeyAndItsExactReading(String suiteId) {
    CryptoSuite suite = CryptoSuites.byId(suiteId);
    KeyPair device = suite.signatures().generateKeyPair(new SecureRandom(new byte[] {1}));
    KeyPair other = suite.signatures().generateKeyPair(new SecureRandom(new byte[] {2}));
    SignedDeviceReading signed = SignedDeviceReading.sign(PULSE, suite.signatures().signer(device));
    assertThat(signed.signedBy(suite.signatures().verifier(device.getPublic()))).isTrue();
    assertThat(signed.signedBy(suite.signatures().verifier(other.getPublic()))).as("another device's key").isFalse();
    SignedDeviceReading altered = new SignedDeviceReading(new DeviceReading(UDI, 7, PULSE.statedAtMillis(), DeviceReading.LOINC,
        "8867-4", "62", "/min"), signed.signature());
    assertThat(altered.signedBy(suite.signatures().verifier(device.getPublic()))).as("value changed after signing").isFalse();
  }

  @Test
  void theBytesAreTheDocumentedLayout() {
    byte[] expected = new CanonicalWriter().fixed("MLDR".getBytes(), 4).u8(1).string(UDI).u64(7).u64(1_796_000_000_000L)
        .string("http://loinc.org").string("8867-4").string("72").string("/min").toByteArray();
    assertThat(Hex.encode(PULSE.encode())).isEqualTo(Hex.encode(expected)).startsWith("4d4c445201");
  }

  @ParameterizedTest
  @ValueSource(strings = {"7.", ".5", "+7", "07", "1e3", "NaN", "Infinity", "7,5", "", "1234567890123456789", "0x1F", "- 1"})
  void aValueThatIsNoPlainDecimalIsRefused(String value) {
    assertThatThrownBy(() -> new DeviceReading(UDI, 1, 0, DeviceReading.LOINC, "8867-4", value, "/min"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value '" + value + "' is not a decimal number");
  }

  @Test
  void eachMalformedFieldIsNamed() {
    assertThatThrownBy(() -> new DeviceReading("", 1, 0, DeviceReading.LOINC, "8867-4", "1", "/min")).hasMessageContaining("udi must be");
    assertThatThrownBy(() -> new DeviceReading(UDI, -1, 0, DeviceReading.LOINC, "8867-4", "1", "/min")).hasMessageContaining("sequence -1");
    assertThatThrownBy(() -> new DeviceReading(UDI, 1, -5, DeviceReading.LOINC, "8867-4", "1", "/min"))
        .hasMessageContaining("statedAtMillis -5");
    assertThatThrownBy(() -> new DeviceReading(UDI, 1, 0, DeviceReading.LOINC, "88 67", "1", "/min"))
        .hasMessageContaining("code holds character U+0020 at 2");
    assertThatThrownBy(() -> new DeviceReading(UDI, 1, 0, DeviceReading.LOINC, "8867-4", "1", "x".repeat(33)))
        .hasMessageContaining("unit must be 1-32 characters, got 33");
    assertThatThrownBy(() -> new DeviceReading(UDI + "\u00e9", 1, 0, DeviceReading.LOINC, "8867-4", "1", "/min"))
        .hasMessageContaining("udi holds character U+00E9");
  }

  @Test
  void aDecoderNamesWhatIsWrong() {
    byte[] bytes = PULSE.encode();
    bytes[0] = 'X';
    assertThatThrownBy(() -> DeviceReading.decode(bytes)).isInstanceOf(DecodeException.class).hasMessageContaining("MLDR");
    byte[] v2 = PULSE.encode();
    v2[4] = 2;
    assertThatThrownBy(() -> DeviceReading.decode(v2)).hasMessageContaining("version 2, only 1 is known");
    byte[] badValue = new CanonicalWriter().fixed("MLDR".getBytes(), 4).u8(1).string(UDI).u64(7).u64(0).string("http://loinc.org")
        .string("8867-4").string("1e3").string("/min").toByteArray();
    assertThatThrownBy(() -> DeviceReading.decode(badValue)).isInstanceOf(DecodeException.class).hasMessageContaining("value '1e3'");
  }
}
