package org.medledger.apps.records.node.portal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A QR code as SVG: one path of unit squares, so a page draws it without an image file or a
 * script, and a phone's camera reads it at any size. Quiet zone of four modules (ISO/IEC 18004).
 */
public record QrSvg(int size, String path) {
  private static final int QUIET = 4;

  public static QrSvg of(String text) {
    BitMatrix m;
    try {
      m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot draw a QR code of " + text.length() + " characters: " + e.getMessage());
    }
    StringBuilder d = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        if (m.get(x, y)) {
          d.append('M').append(x + QUIET).append(' ').append(y + QUIET).append("h1v1h-1z");
        }
      }
    }
    return new QrSvg(m.getWidth() + 2 * QUIET, d.toString());
  }

  /** A standalone SVG file of the code. */
  public byte[] file(String title) {
    String safe = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\" shape-rendering=\"crispEdges\">"
        + "<title>" + safe + "</title><rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/><path d=\"" + path
        + "\" fill=\"#000\"/></svg>\n").getBytes(StandardCharsets.UTF_8);
  }
}
