package org.medledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceiptQrTest {
  /**
   * ZXing's default detection alone missed 23 of 2,000 such codes; a receipt test that drew one
   * random digest failed about once in a hundred runs. Five hundred digests make a regression
   * near-certain to show.
   */
  @Test
  void everyCodeDrawnReadsBack() {
    Random random = new Random(20261126);
    for (int i = 0; i < 500; i++) {
      StringBuilder hex = new StringBuilder();
      for (int j = 0; j < 64; j++) {
        hex.append("0123456789abcdef".charAt(random.nextInt(16)));
      }
      ReceiptQr.Payload code = new ReceiptQr.Payload(hex.toString(), URI.create("https://archive.example/receipts/" + i));
      assertThat(ReceiptQr.read(ReceiptQr.png(code, 400))).as(code.text()).isEqualTo(code);
    }
  }

  @Test
  void anImageWithoutACodeSaysSo() {
    java.awt.image.BufferedImage blank = new java.awt.image.BufferedImage(200, 200, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(blank, "png", png);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(() -> ReceiptQr.read(png.toByteArray())).hasMessageContaining("no readable QR code");
    assertThatThrownBy(() -> ReceiptQr.read(new byte[] {1, 2, 3})).hasMessageContaining("not an image");
  }
}
