package org.medledger.apps.credentials.verify;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.medledger.apps.credentials.vc.Jcs;

/**
 * A whole presentation (credential, issuer certificate, status snapshot) as one line of text for
 * one QR code, so it verifies with no network (issue 16 item 2). {@link #text} writes the compact
 * form, {@code MLCRED2:} and the Base45 (RFC 9285) of the raw DEFLATE (RFC 1951) of the
 * presentation's binary form ({@link CompactPresentation}): every character is in a QR code's
 * alphanumeric mode, which holds 3,391 of them at version 40 level M. Reading also takes the first
 * form, {@code MLCRED1:} and the base64url of the deflated JCS JSON (too long for one code, kept so
 * texts already handed out still read), and a link whose fragment carries a code
 * ({@link #link}). {@link CredentialVerifier} checks what either form holds, by one code path.
 */
public final class CredentialQr {
  /** The first form's prefix (base64url of deflated JSON). */
  public static final String PREFIX = "MLCRED1:";
  /** The compact form's prefix (Base45 of the deflated binary form); itself alphanumeric-mode text. */
  public static final String COMPACT_PREFIX = "MLCRED2:";
  /** No presentation inflates past this: a code cannot hold more than about 3 KB to begin with. */
  static final int MAX_INFLATED = 64 * 1024;

  private CredentialQr() {}

  /** The code's text in the compact form ({@code MLCRED2:}); IllegalArgumentException if the presentation cannot be carried. */
  public static String text(CredentialPresentation p) {
    return COMPACT_PREFIX + Base45.encode(deflate(CompactPresentation.encode(p)));
  }

  /** The first form ({@code MLCRED1:}), as it was written before the compact one: for tests of reading it. */
  public static String firstFormText(CredentialPresentation p) {
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(deflate(Jcs.canonical(p.toJson())));
  }

  /**
   * The bytes a code's text carries after its prefix: the deflated binary form ({@code MLCRED2:})
   * or the deflated JSON ({@code MLCRED1:}); IllegalArgumentException if it is neither.
   */
  public static int payloadBytes(String text) {
    String c = code(text.strip());
    if (c.startsWith(COMPACT_PREFIX)) {
      return Base45.decode(c.substring(COMPACT_PREFIX.length())).length;
    }
    if (c.startsWith(PREFIX)) {
      return Base64.getUrlDecoder().decode(c.substring(PREFIX.length())).length;
    }
    throw new IllegalArgumentException("not a MedLedger credential code");
  }

  /**
   * A link to a public check page that carries the code in its fragment, which a browser never
   * sends to the server: {@code https://host/credentials/check#MLCRED2:…}. RFC 3986 admits neither
   * a space nor a bare {@code %} in a fragment, so those two Base45 characters are written
   * {@code %20} and {@code %25} (upper-case hex: the fragment stays alphanumeric-mode text).
   */
  public static String link(String pageUrl, CredentialPresentation p) {
    if (pageUrl.indexOf('#') >= 0) {
      throw new IllegalArgumentException("the check page's address '" + pageUrl + "' has a fragment already");
    }
    return pageUrl + "#" + text(p).replace("%", "%25").replace(" ", "%20");
  }

  /**
   * Whether a scanned text is a credential code (either form, or a link that carries one): by its
   * prefix alone, so a code with a broken escape still counts as one and {@link #verify} names what is wrong.
   */
  public static boolean isCode(String text) {
    if (text == null) {
      return false;
    }
    String t = text.strip();
    if (t.startsWith("{")) {
      return false; // a presentation's JSON, whatever its strings hold
    }
    String code = t.indexOf('#') < 0 ? t : t.substring(t.indexOf('#') + 1);
    return code.startsWith(PREFIX) || code.startsWith(COMPACT_PREFIX);
  }

  /** The code itself: the text after a link's {@code #}, percent-decoded, or the text as it is. */
  static String code(String text) {
    int hash = text.indexOf('#');
    if (hash < 0) {
      return text;
    }
    String fragment = text.substring(hash + 1);
    StringBuilder out = new StringBuilder(fragment.length());
    for (int i = 0; i < fragment.length(); i++) {
      char c = fragment.charAt(i);
      if (c == '%') {
        if (i + 2 >= fragment.length() || Character.digit(fragment.charAt(i + 1), 16) < 0
            || Character.digit(fragment.charAt(i + 2), 16) < 0) {
          throw new IllegalArgumentException("the link's fragment has a '%' at " + i + " that is not a %XX escape");
        }
        out.append((char) Integer.parseInt(fragment.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  /**
   * The presentation's JSON a code's text carries; IllegalArgumentException naming what is wrong.
   * {@code text} is a bare code as scanned ({@code MLCRED2:…}, taken as it is) or a link or a
   * fragment with its {@code #} ({@code location.hash} in a browser), percent-decoded: a fragment
   * passed without its {@code #} would be read as a bare code, whose Base45 has {@code %} of its own.
   */
  public static String presentationJson(String text) {
    String code = text == null ? "" : code(text.strip());
    if (code.startsWith(COMPACT_PREFIX)) {
      byte[] deflated;
      try {
        deflated = Base45.decode(code.substring(COMPACT_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the code's text is not Base45: " + e.getMessage());
      }
      return CompactPresentation.decode(inflate(deflated)).toJson().toString();
    }
    if (!code.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a MedLedger credential code (its text must start with " + COMPACT_PREFIX
          + " or " + PREFIX + ", or be a link whose fragment does)");
    }
    byte[] deflated;
    try {
      deflated = Base64.getUrlDecoder().decode(code.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the code's text is not base64url: " + e.getMessage());
    }
    return new String(inflate(deflated), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] inflate(byte[] deflated) {
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
      if (inflater.getRemaining() > 0) {
        throw new IllegalArgumentException("the code's data has " + inflater.getRemaining() + " bytes past its DEFLATE stream");
      }
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("the code's data is not DEFLATE: " + e.getMessage());
    } finally {
      inflater.end();
    }
    return out.toByteArray();
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
