package org.medledger.apps.safety.contract.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.quicktheories.core.Gen;

/** Every reading encodes and decodes back; bytes that are not exactly a reading are refused, never misread. */
class DeviceReadingProperties {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair DEVICE = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {3}));
  private static final String PRINTABLE = "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

  static Gen<String> word(String alphabet, int min, int max) {
    return in -> {
      int length = integers().between(min, max).generate(in);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < length; i++) {
        out.append(alphabet.charAt(integers().between(0, alphabet.length() - 1).generate(in)));
      }
      return out.toString();
    };
  }

  static Gen<String> decimals() {
    Gen<String> integer = in -> integers().between(0, 9).generate(in) == 0 ? "0"
        : word("123456789", 1, 1).generate(in) + word("0123456789", 0, 17).generate(in);
    return in -> (integers().between(0, 3).generate(in) == 0 ? "-" : "") + integer.generate(in)
        + (integers().between(0, 1).generate(in) == 0 ? "" : "." + word("0123456789", 1, 18).generate(in));
  }

  static Gen<DeviceReading> readings() {
    return in -> new DeviceReading(word(PRINTABLE + " ", 1, DeviceReading.MAX_UDI).generate(in), longs().between(0, Long.MAX_VALUE)
        .generate(in), longs().between(0, Long.MAX_VALUE).generate(in), word(PRINTABLE, 1, 60).generate(in),
        word(PRINTABLE, 1, DeviceReading.MAX_CODE).generate(in), decimals().generate(in), word(PRINTABLE, 1, DeviceReading.MAX_UNIT)
            .generate(in));
  }

  @Test
  void aReadingDecodesBackFromItsBytes() {
    qt().withExamples(2_000).forAll(readings()).checkAssert(r -> assertThat(DeviceReading.decode(r.encode())).isEqualTo(r));
  }

  @Test
  void aSignedReadingAndItsLeafDecodeBack() {
    qt().withExamples(300).forAll(readings()).checkAssert(r -> {
      SignedDeviceReading s = SignedDeviceReading.sign(r, SUITE.signatures().signer(DEVICE));
      assertThat(SignedDeviceReading.decode(s.encode())).isEqualTo(s);
      AnchoredReading leaf = new AnchoredReading(s, DEVICE.getPublic().getEncoded());
      assertThat(AnchoredReading.decode(leaf.encode())).isEqualTo(leaf);
    });
  }

  /** A changed byte either fails to decode, with a DecodeException, or decodes to another reading. */
  @Test
  void anyChangedByteIsRefusedOrReadsAsAnotherReading() {
    qt().withExamples(2_000).forAll(readings(), integers().between(0, 10_000), integers().between(1, 255)).checkAssert((r, at, flip) -> {
      byte[] bytes = r.encode();
      bytes[at % bytes.length] ^= (byte) (int) flip;
      try {
        assertThat(DeviceReading.decode(bytes)).isNotEqualTo(r);
      } catch (DecodeException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    });
  }

  @Test
  void truncatedOrExtendedBytesAreRefused() {
    qt().withExamples(500).forAll(readings(), integers().between(0, 10_000)).checkAssert((r, cut) -> {
      byte[] bytes = r.encode();
      byte[] shorter = Arrays.copyOf(bytes, cut % bytes.length);
      assertThatThrownBy(() -> DeviceReading.decode(shorter)).isInstanceOf(DecodeException.class);
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      assertThatThrownBy(() -> DeviceReading.decode(longer)).isInstanceOf(DecodeException.class)
          .hasMessageContaining("trailing");
    });
  }

  @Test
  void randomBytesNeverDecodeAsAnythingButARefusal() {
    qt().withExamples(2_000).forAll(integers().between(0, 300), longs().all()).checkAssert((length, seed) -> {
      byte[] garbage = new byte[length];
      new java.util.Random(seed).nextBytes(garbage);
      for (java.util.function.Function<byte[], Object> decoder : java.util.List.<java.util.function.Function<byte[], Object>>of(
          DeviceReading::decode, SignedDeviceReading::decode, AnchoredReading::decode)) {
        assertThatThrownBy(() -> decoder.apply(garbage)).isInstanceOf(DecodeException.class);
      }
    });
  }
}
