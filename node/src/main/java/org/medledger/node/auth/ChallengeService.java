package org.medledger.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.medledger.crypto.Hex;

/**
 * Proof of key possession: the node hands out a one-time random challenge for a certificate; the
 * caller signs {@code "medledger-auth:" + chainId + ":" + challenge} with that certificate's key
 * and trades the signature for a token. A challenge works once and for two minutes.
 */
public final class ChallengeService {
  public static final long CHALLENGE_LIFETIME_MILLIS = 120_000;
  private static final int MAX_OUTSTANDING = 100_000;
  /**
   * Open challenges one certificate may have; a new one replaces its oldest. A node certificate
   * is public (anyone fetches it from the P2P port), so refusing at this cap would let anyone
   * lock its holder out; replacing means a flood must outrun the holder's own sign-and-answer
   * round trip, under the per-address rate limit, and it can never fill the global cap alone.
   */
  static final int MAX_OPEN_PER_CERTIFICATE = 8;

  private record Pending(CertificateAuthenticator.Authenticated who, long expiresAt) {}

  private final CertificateAuthenticator certificates;
  private final TokenService tokens;
  private final String chainId;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Pending> outstanding = new ConcurrentHashMap<>();
  /** Each certificate's open challenges, oldest first; looked up by key only, never iterated. */
  private final Map<org.medledger.crypto.Hash, java.util.ArrayDeque<String>> openByCertificate = new java.util.HashMap<>();

  public ChallengeService(CertificateAuthenticator certificates, TokenService tokens, String chainId, Clock clock) {
    this.certificates = certificates;
    this.tokens = tokens;
    this.chainId = chainId;
    this.clock = clock;
  }

  public static byte[] messageToSign(String chainId, String challenge) {
    return ("medledger-auth:" + chainId + ":" + challenge).getBytes(StandardCharsets.UTF_8);
  }

  public String challenge(String certificatePem) {
    CertificateAuthenticator.Authenticated who = certificates.authenticate(certificatePem);
    long now = clock.millis();
    if (outstanding.size() >= MAX_OUTSTANDING) {
      purgeExpired(now);
      if (outstanding.size() >= MAX_OUTSTANDING) {
        throw AuthException.unauthenticated("too many outstanding challenges; try again shortly");
      }
    }
    byte[] b = new byte[32];
    random.nextBytes(b);
    String c = Hex.encode(b);
    outstanding.put(c, new Pending(who, now + CHALLENGE_LIFETIME_MILLIS));
    synchronized (openByCertificate) {
      java.util.ArrayDeque<String> open = openByCertificate.computeIfAbsent(who.identity().certificateId(), k -> new java.util.ArrayDeque<>());
      open.removeIf(old -> !outstanding.containsKey(old));
      open.addLast(c);
      while (open.size() > MAX_OPEN_PER_CERTIFICATE) {
        outstanding.remove(open.pollFirst());
      }
    }
    return c;
  }

  public TokenService.Issued token(String challenge, String signatureHex) {
    Pending p = challenge == null ? null : outstanding.remove(challenge);
    if (p == null || p.expiresAt() < clock.millis()) {
      throw AuthException.unauthenticated("unknown, used or expired challenge; request a new one");
    }
    byte[] sig;
    try {
      sig = Hex.decode(signatureHex);
    } catch (IllegalArgumentException e) {
      throw AuthException.unauthenticated("signature must be hex: " + e.getMessage());
    }
    if (!p.who().verifier().verify(messageToSign(chainId, challenge), sig)) {
      throw AuthException.unauthenticated("signature does not verify with the certificate's key");
    }
    return tokens.issue(p.who().identity());
  }

  /** See {@link CertificateAuthenticator#requireStanding}. */
  public void requireStanding(Identity who) {
    certificates.requireStanding(who);
  }

  /** A fresh token for a holder whose token still verifies and whose certificate still stands. */
  public TokenService.Issued refresh(Identity who) {
    certificates.requireStanding(who);
    return tokens.issue(who);
  }

  private void purgeExpired(long now) {
    for (Iterator<Pending> it = outstanding.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresAt() < now) {
        it.remove();
      }
    }
    synchronized (openByCertificate) {
      openByCertificate.values().removeIf(open -> {
        open.removeIf(c -> !outstanding.containsKey(c));
        return open.isEmpty();
      });
    }
  }
}
