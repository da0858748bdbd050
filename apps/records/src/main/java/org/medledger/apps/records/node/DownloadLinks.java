package org.medledger.apps.records.node;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;

/**
 * Signed, expiring download links for a patient's own report, to put in a QR code for a phone
 * (Bumeng HealthChain's scan-to-download): {@code base64url(record ‖ certificate ‖ organisation ‖
 * role ‖ expiry).base64url(HMAC-SHA256)} under a key derived from the node's token secret. The
 * link names nobody's data but the one record; using it is a read like any other, decided and
 * audited again at that moment.
 */
public final class DownloadLinks {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  public static final long MAX_LIFETIME_MILLIS = 24 * 3_600_000L;
  private final SecretKeySpec key;
  private final Clock clock;

  public DownloadLinks(byte[] nodeSecret, Clock clock) {
    this.key = new SecretKeySpec(hmac(new SecretKeySpec(nodeSecret, "HmacSHA256"),
        "medledger/download-link/v1".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    this.clock = clock;
  }

  /** Who a link was issued to, for which record, until when. */
  public record Link(Hash record, Caller holder, long expiresAt) {}

  public String issue(Hash record, Caller holder, long lifetimeMillis) {
    if (lifetimeMillis < 1_000 || lifetimeMillis > MAX_LIFETIME_MILLIS) {
      throw new IllegalArgumentException("a download link lasts 1 s to 24 h");
    }
    long expires = clock.millis() + lifetimeMillis;
    String body = B64.encodeToString(String.join("\n", record.hex(), holder.certificateId().hex(), holder.organisation(),
        holder.role(), Long.toString(expires)).getBytes(StandardCharsets.UTF_8));
    return body + "." + B64.encodeToString(hmac(key, body.getBytes(StandardCharsets.UTF_8)));
  }

  /** The link's claims; IllegalArgumentException saying why when it is forged, malformed or expired. */
  public Link verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0) {
      throw new IllegalArgumentException("malformed download link");
    }
    String body = token.substring(0, dot);
    byte[] given;
    String[] parts;
    try {
      given = B64D.decode(token.substring(dot + 1));
      parts = new String(B64D.decode(body), StandardCharsets.UTF_8).split("\n", -1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed download link");
    }
    if (!MessageDigest.isEqual(given, hmac(key, body.getBytes(StandardCharsets.UTF_8))) || parts.length != 5) {
      throw new IllegalArgumentException("this download link was not issued by this node");
    }
    long expires = Long.parseLong(parts[4]);
    if (clock.millis() > expires) {
      throw new IllegalArgumentException("this download link expired; ask for a new one");
    }
    return new Link(Hash.fromHex(parts[0]), new Caller(Hash.fromHex(parts[1]), parts[2], parts[3], ""), expires);
  }

  private static byte[] hmac(SecretKeySpec k, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(k);
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
