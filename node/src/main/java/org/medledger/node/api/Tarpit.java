package org.medledger.node.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long a client's refused request (429) waits before its answer goes out. Refusing is cheap,
 * but not free: a client that ignores Retry-After and asks again at once gets its refusals at the
 * rate the node can answer them (some 4,700 a second from four connections), which is CPU the
 * validators need. So a client that keeps pushing has its refusals held, each a little longer
 * than the one before (doubling from {@link Rules#firstDelayMillis} to {@link Rules#maxDelayMillis}):
 * a connection carries one request at a time, so a client then costs at most about one refusal per
 * connection per {@code maxDelayMillis}.
 *
 * <p>A client that backs off is never held: its first {@link Rules#graceRefusals} refusals
 * (the requests it already had in flight when its budget ran out) are answered at once, and a
 * refusal that comes after the instant its last answer told it to retry at (the answer's time plus
 * its Retry-After) starts again from there. Holding costs a little memory per held request and
 * keeps its connection open longer, so the held requests are bounded, per client and in all;
 * past either bound a refusal is answered at once and its connection closed ({@link Verdict.Shed}):
 * a client that opens more connections than it may have held pays a new TLS handshake for each
 * further refusal, as the node does.
 *
 * <p>This class decides and counts; the server holds each answer (asynchronously: no thread waits
 * for it) and calls {@link #release} when it goes out. Time is the injected clock's.
 */
public final class Tarpit {
  /**
   * @param graceRefusals refusals in a row answered at once before any is held
   * @param firstDelayMillis the first held refusal's delay, doubled for each after it
   * @param maxDelayMillis the longest a refusal is held
   * @param maxHeldPerClient refusals of one client held at once
   * @param maxHeld refusals held at once in all
   * @param maxClients clients whose pressure is remembered (least recently refused forgotten first)
   */
  public record Rules(int graceRefusals, long firstDelayMillis, long maxDelayMillis, int maxHeldPerClient, int maxHeld,
      int maxClients) {
    /**
     * Eight refusals at once, then 25 ms doubling to 1 s; 128 held per client and 4,096 in all,
     * pressure remembered for 100,000 clients. A held request costs a few KiB beside the
     * connection it arrived on, which its client holds open anyway; a shed one costs the node
     * some 1.5 ms of CPU (mostly the TLS handshake of the client's next connection) against
     * 0.1 ms for a refusal on a kept connection, so the bounds are generous.
     */
    public static final Rules DEFAULTS = new Rules(8, 25, 1_000, 128, 4_096, 100_000);

    public Rules {
      if (graceRefusals < 0 || firstDelayMillis < 1 || maxDelayMillis < firstDelayMillis || maxHeldPerClient < 1
          || maxHeld < maxHeldPerClient || maxClients < 1) {
        throw new IllegalArgumentException("tarpit rules need a positive first delay no longer than the longest, and"
            + " positive bounds with the total at least the per-client one; got grace " + graceRefusals + ", delays "
            + firstDelayMillis + " to " + maxDelayMillis + " ms, held " + maxHeldPerClient + " per client and " + maxHeld
            + " in all, " + maxClients + " clients");
      }
    }
  }

  /** What becomes of one refused request. */
  public sealed interface Verdict {
    /** Answered at once, the connection kept: a client that backed off, or within its grace. */
    record AnswerNow() implements Verdict {}

    /** Answered after {@code delayMillis}; the server calls {@link #release} when it is. */
    record Hold(long delayMillis) implements Verdict {}

    /** Past a bound on held requests: answered at once and the connection closed. */
    record Shed() implements Verdict {}
  }

  /** The counts so far: {@code mostHeld} is the high-water mark of requests held at once. */
  public record Counts(int heldNow, int mostHeld, long held, long shed, long answeredAtOnce) {}

  private static final Verdict ANSWER_NOW = new Verdict.AnswerNow();
  private static final Verdict SHED = new Verdict.Shed();
  /** Past this many refusals the delay is at its cap whatever the rules; it keeps the shift in range. */
  private static final int MAX_STRIKES = 62;

  /** One client's pushing: refusals since it last backed off, and what it was last told. */
  private static final class Pressure {
    int strikes;
    long retryAt;
    int held;
  }

  private final Clock clock;
  private final Rules rules;
  private final Map<String, Pressure> pressures;
  private int heldNow;
  private int mostHeld;
  private long heldTotal;
  private long shedTotal;
  private long answeredAtOnce;

  public Tarpit(Clock clock, Rules rules) {
    this.clock = clock;
    this.rules = rules;
    this.pressures = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Pressure> eldest) {
        // A forgotten client holding requests loses only its own bound: the total still counts them.
        return size() > Tarpit.this.rules.maxClients();
      }
    };
  }

  /**
   * The verdict on {@code client}'s refused request, whose answer will tell it to retry in
   * {@code retryAfterSeconds}. A {@link Verdict.Hold} is counted held until {@link #release}.
   */
  public synchronized Verdict refuse(String client, long retryAfterSeconds) {
    long now = clock.millis();
    Pressure p = pressures.get(client);
    if (p == null) {
      p = new Pressure();
      pressures.put(client, p);
    } else if (now >= p.retryAt) {
      p.strikes = 0; // it waited as long as it was told: it backs off
    }
    int strike = p.strikes;
    p.strikes = Math.min(strike + 1, MAX_STRIKES);
    long told = retryAfterSeconds * 1000;
    long delay = delay(strike);
    if (delay == 0) {
      answeredAtOnce++;
      p.retryAt = Math.max(p.retryAt, now + told);
      return ANSWER_NOW;
    }
    if (p.held >= rules.maxHeldPerClient() || heldNow >= rules.maxHeld()) {
      shedTotal++;
      p.retryAt = Math.max(p.retryAt, now + told);
      return SHED;
    }
    p.held++;
    heldNow++;
    heldTotal++;
    mostHeld = Math.max(mostHeld, heldNow);
    p.retryAt = Math.max(p.retryAt, now + delay + told);
    return new Verdict.Hold(delay);
  }

  /** A held answer of {@code client}'s went out (or its connection is gone). */
  public synchronized void release(String client) {
    Pressure p = pressures.get(client);
    if (p != null && p.held > 0) {
      p.held--;
    }
    if (heldNow > 0) {
      heldNow--;
    }
  }

  public synchronized Counts counts() {
    return new Counts(heldNow, mostHeld, heldTotal, shedTotal, answeredAtOnce);
  }

  /** The delay of a client's refusal number {@code strike} (from 0) since it last backed off. */
  private long delay(int strike) {
    if (strike < rules.graceRefusals()) {
      return 0;
    }
    int doublings = strike - rules.graceRefusals(); // at most MAX_STRIKES, so the shifts stay in range
    // first << doublings past the cap exactly when first is more than the cap >> doublings; so it never overflows.
    if (rules.firstDelayMillis() > rules.maxDelayMillis() >> doublings) {
      return rules.maxDelayMillis();
    }
    return rules.firstDelayMillis() << doublings;
  }
}
