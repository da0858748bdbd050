package org.medledger.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.medledger.crypto.Hash;

/**
 * Bearer tokens: {@code base64url(claims).base64url(HMAC-SHA256(secret, claims))}. Stateless, so
 * they survive a node restart when the secret is kept in the node's data folder; the node never
 * stores tokens. Claims: certificate id, organisation, role, name, expiry.
 */
public final class TokenService {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private final SecretKeySpec key;
  private final Clock clock;
  private final long lifetimeMillis;

  public TokenService(byte[] secret, Clock clock, long lifetimeMillis) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("token secret must be at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.clock = clock;
    this.lifetimeMillis = lifetimeMillis;
  }

  public record Issued(String token, long expiresAt) {}

  public Issued issue(Identity id) {
    long expires = clock.millis() + lifetimeMillis;
    String claims = String.join("\n", id.certificateId().hex(), id.organisation(), id.role(), id.name(), Long.toString(expires));
    String body = B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    return new Issued(body + "." + B64.encodeToString(mac(body)), expires);
  }

  /** The identity a token proves; AuthException (401) when it is malformed, forged or expired. */
  public Identity verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0) {
      throw AuthException.unauthenticated("malformed bearer token");
    }
    String body = token.substring(0, dot);
    byte[] given;
    try {
      given = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw AuthException.unauthenticated("malformed bearer token");
    }
    if (!MessageDigest.isEqual(given, mac(body))) {
      throw AuthException.unauthenticated("bearer token is not valid for this node");
    }
    String[] parts = new String(B64D.decode(body), StandardCharsets.UTF_8).split("\n", -1);
    if (parts.length != 5) {
      throw AuthException.unauthenticated("malformed bearer token");
    }
    if (Long.parseLong(parts[4]) < clock.millis()) {
      throw AuthException.unauthenticated("bearer token expired; request a new one");
    }
    return new Identity(Hash.fromHex(parts[0]), parts[1], parts[2], parts[3]);
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
