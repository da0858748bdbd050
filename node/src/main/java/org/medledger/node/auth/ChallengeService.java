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
 * caller signs {@code "medledger-auth/v2:" + chainId + ":" + nodeCertificateId + ":" + challenge}
 * with that certificate's key and trades the signature for a token. A challenge works once and
 * for two minutes. The text names the node the caller means to log in to: a node that relays
 * another node's challenge to a user gets a signature the other node refuses, because the user's
 * SDK builds the text itself with the node it is talking to.
 *
 * <p>Anyone may ask for challenges (node certificates can be read from the P2P port), so open
 * challenges are budgeted per certificate ({@link #MAX_OPEN_PER_CERTIFICATE}): a flood for one
 * certificate is answered 429 and never fills the global table that every login shares.
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
  public static final int MAX_OPEN_PER_CERTIFICATE = 8;

  private record Pending(CertificateAuthenticator.Authenticated who, long expiresAt) {}

  private final CertificateAuthenticator certificates;
  private final TokenService tokens;
  private final String chainId;
  private final org.medledger.crypto.Hash nodeId;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Pending> outstanding = new ConcurrentHashMap<>();
  /** Open challenges by certificate, oldest first; guarded by {@code this}. */
  private final Map<org.medledger.crypto.Hash, java.util.ArrayDeque<String>> byCertificate = new java.util.HashMap<>();

  /** @param nodeId this node's certificate id, which every challenge text names */
  public ChallengeService(CertificateAuthenticator certificates, TokenService tokens, String chainId,
      org.medledger.crypto.Hash nodeId, Clock clock) {
    this.nodeId = nodeId;
    this.certificates = certificates;
    this.tokens = tokens;
    this.chainId = chainId;
    this.clock = clock;
  }

  public static byte[] messageToSign(String chainId, org.medledger.crypto.Hash node, String challenge) {
    return ("medledger-auth/v2:" + chainId + ":" + node.hex() + ":" + challenge).getBytes(StandardCharsets.UTF_8);
  }

  public org.medledger.crypto.Hash nodeId() {
    return nodeId;
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
    synchronized (this) {
      var open = byCertificate.computeIfAbsent(who.identity().certificateId(), k -> new java.util.ArrayDeque<>());
      open.removeIf(old -> {
        Pending p = outstanding.get(old);
        return p == null || p.expiresAt() < now;
      });
      while (open.size() >= MAX_OPEN_PER_CERTIFICATE) {
        outstanding.remove(open.pollFirst());
      }
      open.add(c);
      outstanding.put(c, new Pending(who, now + CHALLENGE_LIFETIME_MILLIS));
    }
    return c;
  }

  public TokenService.Issued token(String challenge, String signatureHex) {
    Pending p = challenge == null ? null : outstanding.remove(challenge);
    if (p != null) {
      synchronized (this) {
        var open = byCertificate.get(p.who().identity().certificateId());
        if (open != null) {
          open.remove(challenge);
          if (open.isEmpty()) {
            byCertificate.remove(p.who().identity().certificateId());
          }
        }
      }
    }
    if (p == null || p.expiresAt() < clock.millis()) {
      throw AuthException.unauthenticated("unknown, used or expired challenge; request a new one");
    }
    byte[] sig;
    try {
      sig = Hex.decode(signatureHex);
    } catch (IllegalArgumentException e) {
      throw AuthException.unauthenticated("signature must be hex: " + e.getMessage());
    }
    if (!p.who().verifier().verify(messageToSign(chainId, nodeId, challenge), sig)) {
      throw AuthException.unauthenticated("signature does not verify with the certificate's key over medledger-auth/v2:"
          + chainId + ":" + nodeId.hex() + ":<challenge> (the text names this node)");
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

  private synchronized void purgeExpired(long now) {
    for (Iterator<Pending> it = outstanding.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresAt() < now) {
        it.remove();
      }
    }
    byCertificate.values().removeIf(open -> {
      open.removeIf(c -> !outstanding.containsKey(c));
      return open.isEmpty();
    });
  }
}
