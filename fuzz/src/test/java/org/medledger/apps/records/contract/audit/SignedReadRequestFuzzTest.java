package org.medledger.apps.records.contract.audit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;
import org.medledger.apps.records.contract.audit.ReadRequest;
import org.medledger.apps.records.contract.audit.SignedReadRequest;
import org.medledger.core.codec.DecodeException;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.crypto.Hash;
import org.medledger.fuzz.Canonical;

/**
 * The signed read request every health read carries (REST header {@code X-MedLedger-Read-Request},
 * hex) and the audit commits inside its access event: refused with a DecodeException or written
 * back unchanged. The bytes are consensus bytes (an audit transaction's argument), so one request
 * must have one encoding. In the package the records contracts are moving to (issue 14); it uses
 * only the codec's public methods.
 */
public class SignedReadRequestFuzzTest {
  @FuzzTest
  void decodesOrRefuses(byte[] input) {
    SignedReadRequest signed;
    try {
      signed = SignedReadRequest.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("SignedReadRequest.decode", input, signed.encode());
    // The header's form reads the same request back.
    Canonical.assertStable("SignedReadRequest.fromHex", signed, SignedReadRequest.fromHex(signed.toHex()));
  }

  /** Requests as the client SDK makes them: each purpose, with and without a break-glass reason. */
  static Map<String, List<byte[]>> seeds() {
    byte[] signature = new byte[72];
    java.util.Arrays.fill(signature, (byte) 0x30);
    List<byte[]> seeds = new java.util.ArrayList<>();
    int i = 0;
    for (PurposeOfUse purpose : List.of(PurposeOfUse.TREAT, PurposeOfUse.ETREAT, PurposeOfUse.PATRQT)) {
      String reason = purpose == PurposeOfUse.ETREAT ? "unconscious in the emergency department" : "";
      ReadRequest request = new ReadRequest("test-chain/" + "ab".repeat(32), hash(1 + i), hash(2 + i), purpose, reason,
          1_764_000_000_000L + i, hash(3 + i));
      seeds.add(new SignedReadRequest(request, signature).encode());
      i++;
    }
    return Map.of("decodesOrRefuses", seeds);
  }

  /** A well-formed request, for the targets that send one to a node. */
  public static byte[] sample() {
    return seeds().get("decodesOrRefuses").get(0);
  }

  private static Hash hash(int fill) {
    byte[] b = new byte[Hash.LENGTH];
    java.util.Arrays.fill(b, (byte) fill);
    return Hash.of(b);
  }
}
