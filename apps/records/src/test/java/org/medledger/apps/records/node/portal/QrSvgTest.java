package org.medledger.apps.records.node.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.medledger.client.ReceiptQr;

/** The report's QR code: what a phone reads from the drawn squares is the text it was made from. */
class QrSvgTest {
  @Test
  void aPhoneReadsTheLinkBackFromTheDrawnSquares() throws Exception {
    String link = "https://hospital-a.example:8443/v1/download/" + "x".repeat(180);
    QrSvg qr = QrSvg.of(link);
    assertThat(ReceiptQr.readText(png(qr))).isEqualTo(link);
  }

  @Test
  void theFileIsAStandaloneSvgWithItsTitleEscaped() {
    String svg = new String(QrSvg.of("https://a.example/x").file("your <b>record</b> & more"), StandardCharsets.UTF_8);
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("<title>your &lt;b&gt;record&lt;/b&gt; &amp; more</title>")
        .doesNotContain("<b>");
  }

  @Test
  void tooLongATextIsRefusedNamingItsLength() {
    assertThatThrownBy(() -> QrSvg.of("y".repeat(5000))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5000 characters");
  }

  /** Each "Mx yh1v1h-1z" square drawn 6 pixels wide. */
  static byte[] png(QrSvg qr) throws Exception {
    int scale = 6;
    BufferedImage img = new BufferedImage(qr.size() * scale, qr.size() * scale, BufferedImage.TYPE_INT_RGB);
    var g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    Matcher m = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(qr.path());
    while (m.find()) {
      g.fillRect(Integer.parseInt(m.group(1)) * scale, Integer.parseInt(m.group(2)) * scale, scale, scale);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
