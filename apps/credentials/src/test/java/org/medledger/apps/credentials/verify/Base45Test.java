package org.medledger.apps.credentials.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Base45 against RFC 9285's own examples (section 4.3 and 4.4), a seeded round trip, and text that is not Base45. */
class Base45Test {
  @Test
  void theRfcExamplesEncodeAndDecode() {
    assertThat(Base45.encode("AB".getBytes(StandardCharsets.US_ASCII))).isEqualTo("BB8");
    assertThat(Base45.encode("Hello!!".getBytes(StandardCharsets.US_ASCII))).isEqualTo("%69 VD92EX0");
    assertThat(Base45.encode("base-45".getBytes(StandardCharsets.US_ASCII))).isEqualTo("UJCLQE7W581");
    assertThat(new String(Base45.decode("QED8WEX0"), StandardCharsets.US_ASCII)).isEqualTo("ietf!");
  }

  @Test
  void anyBytesComeBack() {
    Random seeded = new Random(9285);
    for (int n = 0; n < 200; n++) {
      byte[] data = new byte[n];
      seeded.nextBytes(data);
      assertThat(Base45.decode(Base45.encode(data))).isEqualTo(data);
    }
  }

  @Test
  void textThatIsNotBase45IsRefusedNamingWhere() {
    assertThatThrownBy(() -> Base45.decode("GGW")).hasMessageContaining("group at character 0").hasMessageContaining("65536");
    assertThatThrownBy(() -> Base45.decode("BB8a")).hasMessageContaining("3n+1");
    assertThatThrownBy(() -> Base45.decode("BB8ab")).hasMessageContaining("character 3 ('a')");
    assertThatThrownBy(() -> Base45.decode(":Z")).hasMessageContaining("past one byte");
  }
}
