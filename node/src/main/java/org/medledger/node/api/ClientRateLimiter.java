package org.medledger.node.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client: each request takes one token; a bucket refills at
 * {@code perSecond} up to {@code burst}. Buckets are kept for the most recently seen
 * {@code maxClients} clients only (least recently seen forgotten first), so a flood of new
 * client keys costs bounded memory; a forgotten client starts again with a full bucket, which is
 * what an idle one would have had anyway.
 */
public final class ClientRateLimiter {
  /** The rate one bucket allows. */
  public record Rate(long perSecond, long burst) {
    public Rate {
      if (perSecond < 1 || burst < 1) {
        throw new IllegalArgumentException("a rate needs a positive refill and burst, got " + perSecond + "/s burst " + burst);
      }
    }
  }

  /** Refused: the client may try again in {@code retryAfterMillis}. */
  public record Refusal(long retryAfterMillis) {}

  private static final class Bucket {
    long tokensMilli;
    long updatedAt;
  }

  private final Clock clock;
  private final int maxClients;
  private final Map<String, Bucket> buckets;

  public ClientRateLimiter(Clock clock, int maxClients) {
    if (maxClients < 1) {
      throw new IllegalArgumentException("maxClients must be positive");
    }
    this.clock = clock;
    this.maxClients = maxClients;
    this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > ClientRateLimiter.this.maxClients;
      }
    };
  }

  /** Takes a token from {@code client}'s bucket; null when it had one, else when to retry. */
  public synchronized Refusal take(String client, Rate rate) {
    long now = clock.millis();
    Bucket b = buckets.get(client);
    long full = rate.burst() * 1000;
    if (b == null) {
      b = new Bucket();
      b.tokensMilli = full;
      b.updatedAt = now;
      buckets.put(client, b);
    }
    long elapsed = Math.max(0, now - b.updatedAt);
    // Tokens in thousandths, so a refill of a few per second adds up over milliseconds exactly.
    b.tokensMilli = Math.min(full, b.tokensMilli + Math.min(elapsed, 3_600_000L) * rate.perSecond());
    b.updatedAt = now;
    if (b.tokensMilli >= 1000) {
      b.tokensMilli -= 1000;
      return null;
    }
    long missing = 1000 - b.tokensMilli;
    return new Refusal(Math.max(1, (missing + rate.perSecond() - 1) / rate.perSecond()));
  }
}
