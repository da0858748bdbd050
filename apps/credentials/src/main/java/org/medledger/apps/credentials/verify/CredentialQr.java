package org.medledger.apps.credentials.verify;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.medledger.apps.credentials.vc.Jcs;

/**
 * A whole presentation (credential, issuer certificate, status snapshot) as one line of text for
 * a QR code, so it verifies with no network (issue 16 item 2): {@code MLCRED1:} and the base64url
 * (no padding) of the raw DEFLATE (RFC 1951) of its JCS form, as SMART Health Cards compress
 * theirs. {@link CredentialVerifier} checks what it inflates to. Measured, it is still too long for
 * one code (docs/credentials.md, "One QR code"): the snapshot's JSON receipt is most of it.
 */
public final class CredentialQr {
  public static final String PREFIX = "MLCRED1:";
  /** No presentation inflates past this: a code cannot hold more than about 3 KB to begin with. */
  static final int MAX_INFLATED = 64 * 1024;

  private CredentialQr() {}

  /** The code's text. */
  public static String text(CredentialPresentation p) {
    byte[] canonical = Jcs.canonical(p.toJson());
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(canonical);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /** The presentation's JSON a code's text carries; IllegalArgumentException naming what is wrong. */
  public static String presentationJson(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a MedLedger credential code (its text must start with " + PREFIX + ")");
    }
    byte[] deflated;
    try {
      deflated = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the code's text is not base64url: " + e.getMessage());
    }
    Inflater inflater = new Inflater(true);
    inflater.setInput(deflated);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException("the code's data is cut short");
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_INFLATED) {
          throw new IllegalArgumentException("the code inflates past " + MAX_INFLATED + " bytes");
        }
      }
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("the code's data is not DEFLATE: " + e.getMessage());
    } finally {
      inflater.end();
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Checks a code's text as {@link CredentialVerifier#verify(String, long, long)} checks a file. */
  public static CredentialVerdict verify(CredentialVerifier verifier, String text, long now, long maxAge) {
    String json;
    try {
      json = presentationJson(text);
    } catch (IllegalArgumentException e) {
      return CredentialVerdict.failed(CredentialFailure.UNREADABLE, e.getMessage(), null, -1, -1);
    }
    return verifier.verify(json, now, maxAge);
  }
}
