package org.medledger.client;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A receipt or an inclusion-proof document, as a patient, an auditor or a court hands it to the
 * offline verifier: whatever the JSON holds, the answer is Verified or Failed naming the field,
 * never an exception. A receipt is not canonical JSON (key order, spacing), but the verifier
 * renders the receipt again from its verified contents and requires the same JSON tree, so a
 * Verified receipt is exactly what its contents write; the check here is that it verifies again
 * when written and read back.
 */
class ReceiptFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ReceiptVerifier RECEIPTS = new ReceiptVerifier(GoldenReceipts.genesis());
  private static final InclusionProofVerifier PROOFS = new InclusionProofVerifier(GoldenReceipts.genesis());

  @FuzzTest
  void receipt(byte[] input) throws IOException {
    JsonNode doc = json(input);
    if (doc == null) {
      return;
    }
    Verification v = RECEIPTS.verify(doc);
    if (v instanceof Verification.Verified) {
      Verification again = RECEIPTS.verify(JSON.readTree(JSON.writeValueAsBytes(doc)));
      if (!(again instanceof Verification.Verified)) {
        throw new AssertionError("a verified receipt fails once written and read back: " + again);
      }
    } else if (v == null) {
      throw new AssertionError("no answer");
    }
  }

  @FuzzTest
  void inclusionProof(byte[] input) {
    JsonNode doc = json(input);
    if (doc != null && PROOFS.verify(doc) == null) {
      throw new AssertionError("no answer");
    }
  }

  /** What a receipt's QR code carries: refused with an IllegalArgumentException, or written back unchanged. */
  @FuzzTest
  void qrCode(byte[] input) {
    String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    ReceiptQr.Payload payload;
    try {
      payload = ReceiptQr.Payload.parse(text);
    } catch (IllegalArgumentException refused) {
      return;
    }
    org.medledger.fuzz.Canonical.assertStable("ReceiptQr.Payload.parse then text", text, payload.text());
  }

  private static JsonNode json(byte[] input) {
    try {
      return JSON.readTree(input);
    } catch (IOException notJson) {
      // Not JSON (or in no encoding Jackson detects): refused before the verifier sees it.
      return null;
    }
  }

  /** Receipts of the golden chain, which verify; the same documents carry every field of a proof document. */
  static Map<String, List<byte[]>> seeds() {
    List<byte[]> receipts = GoldenReceipts.receipts(4);
    for (byte[] r : receipts) {
      try {
        Verification v = RECEIPTS.verify(JSON.readTree(r));
        if (!(v instanceof Verification.Verified)) {
          throw new AssertionError("a golden receipt does not verify: " + v);
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    byte[] code = ("medledger:receipt:v1?sha=" + "ab".repeat(32) + "&url=https://hospital-a.example.org:8443/v1/receipts/"
        + "cd".repeat(32)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Map.of("receipt", receipts, "inclusionProof", receipts, "qrCode", List.of(code));
  }
}
