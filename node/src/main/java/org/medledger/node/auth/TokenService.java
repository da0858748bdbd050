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
      throw AuthException.unauthenticated("token_malformed", "malformed bearer token");
    }
    String body = token.substring(0, dot);
    byte[] given;
    try {
      given = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw AuthException.unauthenticated("token_malformed", "malformed bearer token");
    }
    if (given.length == 0) {
      throw AuthException.unauthenticated("token_unsigned", "bearer token is not valid for this node");
    }
    if (!MessageDigest.isEqual(given, mac(body))) {
      // Forged, altered, or issued by another node (each node has its own secret): alike here.
      throw AuthException.unauthenticated("token_not_issued_here", "bearer token is not valid for this node");
    }
    String[] parts = claims(body);
    if (parts == null) {
      throw AuthException.unauthenticated("token_malformed", "malformed bearer token");
    }
    if (Long.parseLong(parts[4]) < clock.millis()) {
      throw AuthException.unauthenticated("token_expired", "bearer token expired; request a new one");
    }
    return new Identity(Hash.fromHex(parts[0]), parts[1], parts[2], parts[3]);
  }

  /**
   * Who a token says its holder is, without checking it: for the refusal log to name whom a
   * refused token claimed to be (filed as claimed, never as proven). Empty when the claims do not
   * even parse.
   */
  public static java.util.Optional<Identity> claimed(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    String body = dot < 0 ? token : token.substring(0, dot);
    String[] parts = body == null || body.isEmpty() ? null : claims(body);
    if (parts == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(new Identity(Hash.fromHex(parts[0]), parts[1], parts[2], parts[3]));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  /** The five claims of a token's body, or null when it is not five lines of base64url text with a numeric expiry. */
  private static String[] claims(String body) {
    String[] parts;
    try {
      parts = new String(B64D.decode(body), StandardCharsets.UTF_8).split("\n", -1);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (parts.length != 5 || !parts[4].matches("-?[0-9]{1,19}")) {
      return null;
    }
    return parts;
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
