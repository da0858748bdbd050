package org.medledger.apps.drugs.node;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A printable label: the GS1 Digital Link QR code of a pack or case and, under it, the human
 * readable interpretation GS1's label rules ask for ({@code (01) gtin}, {@code (21) serial},
 * {@code (10) lot}, {@code (17) expiry}, or {@code (00) sscc}). PNG for printers, SVG for
 * artwork. Error correction level M; a quiet zone of four modules.
 */
public final class DrugLabels {
  private static final int QUIET_MODULES = 4;

  private DrugLabels() {}

  /** What a label shows: the URI the code holds, and the text lines printed under it. */
  public record Label(String uri, List<String> lines) {}

  static BitMatrix modules(String uri) {
    try {
      // width 0: one pixel per module, no quiet zone; the renderers scale and add their own.
      return new QRCodeWriter().encode(uri, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0, EncodeHintType.CHARACTER_SET, "UTF-8"));
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode '" + uri + "' as a QR code: " + e.getMessage(), e);
    }
  }

  public static byte[] png(Label label, int modulePixels) {
    BitMatrix m = modules(label.uri());
    int side = (m.getWidth() + 2 * QUIET_MODULES) * modulePixels;
    int lineHeight = Math.max(14, modulePixels * 4);
    BufferedImage img = new BufferedImage(side, side + lineHeight * label.lines().size() + lineHeight / 2, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(Color.BLACK);
      for (int y = 0; y < m.getHeight(); y++) {
        for (int x = 0; x < m.getWidth(); x++) {
          if (m.get(x, y)) {
            g.fillRect((x + QUIET_MODULES) * modulePixels, (y + QUIET_MODULES) * modulePixels, modulePixels, modulePixels);
          }
        }
      }
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, lineHeight * 3 / 4));
      int y = side;
      for (String line : label.lines()) {
        g.drawString(line, QUIET_MODULES * modulePixels, y + lineHeight * 3 / 4);
        y += lineHeight;
      }
    } finally {
      g.dispose();
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the label PNG", e);
    }
  }

  public static String svg(Label label) {
    BitMatrix m = modules(label.uri());
    int side = m.getWidth() + 2 * QUIET_MODULES;
    int height = side + 4 * label.lines().size() + 2;
    StringBuilder b = new StringBuilder()
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(side).append(' ').append(height)
        .append("\" width=\"").append(side * 4).append("\" height=\"").append(height * 4).append("\" shape-rendering=\"crispEdges\">")
        .append("<title>").append(escape(label.uri())).append("</title>")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
    for (int y = 0; y < m.getHeight(); y++) {
      int x = 0;
      while (x < m.getWidth()) {
        if (!m.get(x, y)) {
          x++;
          continue;
        }
        int run = x;
        while (run < m.getWidth() && m.get(run, y)) {
          run++;
        }
        b.append('M').append(x + QUIET_MODULES).append(',').append(y + QUIET_MODULES).append('h').append(run - x).append("v1h-")
            .append(run - x).append('z');
        x = run;
      }
    }
    b.append("\"/>");
    int y = side + 3;
    for (String line : label.lines()) {
      b.append("<text x=\"").append(QUIET_MODULES).append("\" y=\"").append(y)
          .append("\" font-family=\"monospace\" font-size=\"3\">").append(escape(line)).append("</text>");
      y += 4;
    }
    return b.append("</svg>").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
