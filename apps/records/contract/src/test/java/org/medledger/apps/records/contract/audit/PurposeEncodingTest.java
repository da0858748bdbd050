package org.medledger.apps.records.contract.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.core.codec.DecodeException;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;

/**
 * A purpose is decoded only as the code it is written as (found by fuzz/SignedReadRequestFuzzTest,
 * crash-c0707e34): "EtREAT" was read as ETREAT and written back as "ETREAT", so one signed read
 * request, and the access event carrying it, had several encodings of consensus bytes.
 */
class PurposeEncodingTest {
  private static final ReadRequest REQUEST = new ReadRequest("test-chain/" + "ab".repeat(32), hash(1), hash(2),
      PurposeOfUse.ETREAT, "unconscious", 1_764_000_000_000L, hash(3));

  @Test
  void aSignedReadRequestWithItsPurposeInAnotherCaseIsRefused() {
    byte[] bytes = new SignedReadRequest(REQUEST, new byte[] {1, 2, 3}).encode();
    assertThat(SignedReadRequest.decode(bytes).request()).isEqualTo(REQUEST);
    assertThatThrownBy(() -> SignedReadRequest.decode(replaced(bytes, "ETREAT", "EtREAT"))).isInstanceOf(DecodeException.class)
        .hasMessageContaining("'EtREAT' must be written as its code ETREAT");
  }

  @Test
  void anAccessEventWithItsPurposeInAnotherCaseIsRefused() {
    AccessEvent e = AccessEvent.reported(hash(2), new PatientId(hash(4)), hash(1), "hospital-b", "clinician", PurposeOfUse.TREAT,
        new AccessDecision(false, AccessDecision.Basis.NONE, Hash.ZERO, "no consent"), 5).witnessed(hash(5), "hospital-a", 9);
    byte[] bytes = e.encode();
    assertThat(AccessEvent.decode(bytes)).isEqualTo(e);
    assertThatThrownBy(() -> AccessEvent.decode(replaced(bytes, "TREAT", "treat"))).isInstanceOf(DecodeException.class)
        .hasMessageContaining("'treat' must be written as its code TREAT");
  }

  @Test
  void theRestApisQueryParameterStillTakesAnyCase() {
    assertThat(PurposeOfUse.parse("treat")).isEqualTo(PurposeOfUse.TREAT);
    assertThat(PurposeOfUse.ofCode("TREAT")).isEqualTo(PurposeOfUse.TREAT);
  }

  private static byte[] replaced(byte[] bytes, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + f.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + f.length, f, 0, f.length)) {
        byte[] out = bytes.clone();
        System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, out, i, f.length);
        return out;
      }
    }
    throw new AssertionError(from + " is not in the encoding");
  }

  private static Hash hash(int fill) {
    byte[] b = new byte[Hash.LENGTH];
    Arrays.fill(b, (byte) fill);
    return Hash.of(b);
  }
}
