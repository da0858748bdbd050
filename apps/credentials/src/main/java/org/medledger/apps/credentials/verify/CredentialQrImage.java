package org.medledger.apps.credentials.verify;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.medledger.client.ReceiptQr;

/**
 * A credential code ({@link CredentialQr#text}) as one QR code image, and back. Level M (15 % of
 * the code may be lost) is tried first, as for receipts' codes; a presentation M cannot hold gets
 * level L (7 %), and one L cannot hold is refused, naming its size. A code of nothing but
 * alphanumeric-mode characters is encoded in that mode; a link (lower-case address, {@code #})
 * gets zxing's mixed-mode encoding, the address in byte mode and the code in alphanumeric.
 */
public final class CredentialQrImage {
  /** Pixels a module: a version-40 code (177 modules and the quiet zone) is then 740 px wide. */
  static final int MODULE_PIXELS = 4;
  /** The blank border a scanner needs, in modules (ISO/IEC 18004). */
  static final int QUIET_ZONE = 4;
  private static final List<ErrorCorrectionLevel> LEVELS = List.of(ErrorCorrectionLevel.M, ErrorCorrectionLevel.L);

  private CredentialQrImage() {}

  /** What was drawn: the PNG, and the code's version (1–40), error-correction level and payload size. */
  public record Rendered(byte[] png, int version, String level, int payloadCharacters) {
    public String describe() {
      return "QR version " + version + ", error correction " + level + ", " + payloadCharacters + " characters";
    }
  }

  /** Draws the code; IllegalArgumentException if no QR code holds it. */
  public static Rendered render(String text) {
    QRCode code = null;
    WriterException tooBig = null;
    for (ErrorCorrectionLevel level : LEVELS) {
      try {
        code = Encoder.encode(text, level, hints(text));
        break;
      } catch (WriterException e) {
        tooBig = e;
      }
    }
    if (code == null) {
      throw new IllegalArgumentException("a code of " + text.length() + " characters does not fit one QR code even at"
          + " error correction L: " + tooBig.getMessage());
    }
    return new Rendered(png(code.getMatrix()), code.getVersion().getVersionNumber(), code.getECLevel().name(), text.length());
  }

  /** The text of the QR code in an image (PNG, or any format ImageIO reads); IllegalArgumentException if none reads. */
  public static String read(byte[] image) {
    return ReceiptQr.readText(image);
  }

  /** Checks the code an image holds as {@link CredentialQr#verify} checks its text; {@code unreadable} if no code reads. */
  public static CredentialVerdict verify(CredentialVerifier verifier, byte[] image, long now, long maxAge) {
    String text;
    try {
      text = read(image);
    } catch (IllegalArgumentException e) {
      return CredentialVerdict.failed(CredentialFailure.UNREADABLE, e.getMessage(), null, -1, -1);
    }
    return CredentialQr.verify(verifier, text, now, maxAge);
  }

  /** Whether these bytes begin as a PNG file does. */
  public static boolean isPng(byte[] bytes) {
    return bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
  }

  private static Map<EncodeHintType, Object> hints(String text) {
    boolean alphanumeric = text.chars().allMatch(c -> Base45.ALPHABET.indexOf(c) >= 0);
    // Forcing nothing lets zxing pick alphanumeric mode for a bare code; a link needs mixed segments.
    return alphanumeric ? Map.of() : Map.of(EncodeHintType.QR_COMPACT, Boolean.TRUE);
  }

  private static byte[] png(ByteMatrix m) {
    int size = (m.getWidth() + 2 * QUIET_ZONE) * MODULE_PIXELS;
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < size; y++) {
      int my = y / MODULE_PIXELS - QUIET_ZONE;
      for (int x = 0; x < size; x++) {
        int mx = x / MODULE_PIXELS - QUIET_ZONE;
        boolean dark = mx >= 0 && my >= 0 && mx < m.getWidth() && my < m.getHeight() && m.get(mx, my) == 1;
        img.setRGB(x, y, dark ? 0xff000000 : 0xffffffff);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the PNG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
