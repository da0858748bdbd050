package org.medledger.apps.credentials.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.medledger.apps.credentials.verify.CredentialQr;
import org.medledger.client.ReceiptQr;

/**
 * The demo chapter's choice between a QR image and the text file: a credential code's text (the
 * {@code MLCRED1:} prefix and base64url, zxing's byte mode) gets the strongest error correction
 * at which it fits a version-40 code, its image reads back to the same text, and a text longer
 * than any code holds gets no image at all.
 */
class CredentialQrImageTest {
  /** A code's text of {@code length} characters, base64url like the real one (which does not compress further). */
  private static String codeText(int length, long seed) {
    byte[] raw = new byte[length];
    new Random(seed).nextBytes(raw);
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    return CredentialQr.PREFIX + b64.substring(0, length - CredentialQr.PREFIX.length());
  }

  @Test
  void theStrongestLevelThatFitsIsChosenAndNothingPastVersion40() {
    // Byte mode, version 40: 2,331 bytes at M, 2,953 at L.
    assertThat(CredentialsDemoChapter.fittingLevel(codeText(2_331, 1))).contains(ErrorCorrectionLevel.M);
    assertThat(CredentialsDemoChapter.fittingLevel(codeText(2_332, 2))).contains(ErrorCorrectionLevel.L);
    assertThat(CredentialsDemoChapter.fittingLevel(codeText(2_953, 3))).contains(ErrorCorrectionLevel.L);
    assertThat(CredentialsDemoChapter.fittingLevel(codeText(2_954, 4))).isEmpty();
  }

  @Test
  void aVersion40ImageReadsBackToItsText() throws Exception {
    String text = codeText(2_900, 5);
    byte[] png = CredentialsDemoChapter.qrPng(text, CredentialsDemoChapter.fittingLevel(text).orElseThrow());
    assertThat(ReceiptQr.readText(png)).isEqualTo(text);
  }
}
