package org.medledger.apps.drugs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.tx.Args;

class DrugEventTest {
  private static final List<DrugEvent> CAPTURE = List.of(
      new DrugEvent("commission", Args.of("gtin", "09506000134352", "serials", "1,2", "lot", "L1", "expiry", "301231")),
      new DrugEvent("ship", Args.of("cases", "095060001000000012", "to", "dist-co")));

  @Test
  void aCaptureReadsBackToItsOwnText() {
    String encoded = DrugEvent.encodeList(CAPTURE);
    assertThat(DrugEvent.decodeList(encoded, 4096)).isEqualTo(CAPTURE);
    assertThat(DrugEvent.encodeList(DrugEvent.decodeList(encoded, 4096))).isEqualTo(encoded);
  }

  /** The fuzzer's input (fuzz/…/DrugEventListFuzzTestInputs/crash-…): version byte 0x69, read as if it were 1. */
  @Test
  void refusesAnotherVersion() {
    byte[] bytes = Base64.getDecoder().decode(DrugEvent.encodeList(CAPTURE));
    bytes[0] = 0x69;
    assertThatThrownBy(() -> DrugEvent.decodeList(Base64.getEncoder().encodeToString(bytes), 4096))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("events.version: 1, got 105");
  }

  @Test
  void refusesBase64WithoutPaddingOrWithStrayBits() {
    String encoded = DrugEvent.encodeList(CAPTURE);
    assertThat(encoded).endsWith("=");
    String unpadded = encoded.replaceAll("=+$", "");
    assertThatThrownBy(() -> DrugEvent.decodeList(unpadded, 4096)).hasMessageContaining("canonical base64");
    // The last character before the padding carries bits the decoder drops: flipping one is the same bytes.
    int last = encoded.indexOf('=') - 1;
    char stray = (char) (encoded.charAt(last) + 1);
    String strayBits = encoded.substring(0, last) + stray + encoded.substring(last + 1);
    assertThat(Base64.getDecoder().decode(strayBits)).isEqualTo(Base64.getDecoder().decode(encoded));
    assertThatThrownBy(() -> DrugEvent.decodeList(strayBits, 4096)).hasMessageContaining("canonical base64");
  }
}
