package org.medledger.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tarpit's verdicts on refused requests, on a clock the test moves (no sleeps). */
class TarpitTest {
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }

    void advance(long millis) {
      now = now.plusMillis(millis);
    }
  }

  /** Two refusals at once, then 25 ms doubling to 1 s; 4 held per client, 6 in all. */
  private static final Tarpit.Rules RULES = new Tarpit.Rules(2, 25, 1_000, 4, 6, 1_000);
  private static final String PUSHER = "certificate:pusher";

  private final MovableClock clock = new MovableClock();
  private final Tarpit tarpit = new Tarpit(clock, RULES);

  /** The delay of a hold, 0 for an answer at once, -1 for a shed. */
  private long delayOf(Tarpit.Verdict v) {
    if (v instanceof Tarpit.Verdict.Hold hold) {
      return hold.delayMillis();
    }
    return v instanceof Tarpit.Verdict.Shed ? -1 : 0;
  }

  @Test
  void aClientThatKeepsPushingIsHeldLongerEachTimeUpToTheCap() {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // Each answer goes out before the next refusal (one connection): held, released, asked again at once.
      long delay = delayOf(tarpit.refuse(PUSHER, 1));
      delays.add(delay);
      clock.advance(delay);
      if (delay > 0) {
        tarpit.release(PUSHER);
      }
    }
    assertThat(delays).containsExactly(0L, 0L, 25L, 50L, 100L, 200L, 400L, 800L, 1_000L, 1_000L, 1_000L, 1_000L);
    Tarpit.Counts counts = tarpit.counts();
    assertThat(counts.heldNow()).isZero();
    assertThat(counts.held()).isEqualTo(10);
    assertThat(counts.answeredAtOnce()).isEqualTo(2);
    assertThat(counts.mostHeld()).isEqualTo(1);
  }

  @Test
  void aClientThatWaitsAsItWasToldIsAnsweredAtOnceAgain() {
    for (int i = 0; i < 6; i++) {
      long delay = delayOf(tarpit.refuse(PUSHER, 1));
      clock.advance(delay);
      if (delay > 0) {
        tarpit.release(PUSHER);
      }
    }
    assertThat(delayOf(tarpit.refuse(PUSHER, 1))).as("still pushing").isEqualTo(400);
    tarpit.release(PUSHER);
    // Told at the answer (400 ms from now) to retry a second later: one millisecond short is still pushing ...
    clock.advance(400 + 999);
    assertThat(delayOf(tarpit.refuse(PUSHER, 1))).isEqualTo(800);
    tarpit.release(PUSHER);
    // ... and coming back when told (the held answer's 800 ms, then its Retry-After of 1 s) is backing off.
    clock.advance(800 + 1_000);
    assertThat(delayOf(tarpit.refuse(PUSHER, 2))).as("backed off: answered at once").isZero();
    assertThat(delayOf(tarpit.refuse(PUSHER, 2))).as("its grace").isZero();
    assertThat(delayOf(tarpit.refuse(PUSHER, 2))).as("pushing again: from the first delay").isEqualTo(25);
  }

  @Test
  void anotherClientIsNotHeldForThePushersSake() {
    for (int i = 0; i < 10; i++) {
      tarpit.refuse(PUSHER, 1);
    }
    assertThat(delayOf(tarpit.refuse("address:10.0.0.7", 1))).isZero();
    assertThat(delayOf(tarpit.refuse("address:10.0.0.7", 1))).isZero();
  }

  @Test
  void heldRequestsAreBoundedPerClientAndInAllAndPastTheBoundShed() {
    for (int i = 0; i < RULES.graceRefusals(); i++) {
      assertThat(delayOf(tarpit.refuse(PUSHER, 1))).isZero();
    }
    // Many connections, none answered yet: four held, the fifth and on shed.
    for (int i = 0; i < RULES.maxHeldPerClient(); i++) {
      assertThat(delayOf(tarpit.refuse(PUSHER, 1))).isPositive();
    }
    assertThat(delayOf(tarpit.refuse(PUSHER, 1))).isEqualTo(-1);
    assertThat(delayOf(tarpit.refuse(PUSHER, 1))).isEqualTo(-1);
    // One released: one more may be held.
    tarpit.release(PUSHER);
    assertThat(delayOf(tarpit.refuse(PUSHER, 1))).isPositive();
    assertThat(delayOf(tarpit.refuse(PUSHER, 1))).isEqualTo(-1);
    // A second pusher: the total (6) binds before its own bound (4).
    String other = "certificate:other";
    for (int i = 0; i < RULES.graceRefusals(); i++) {
      tarpit.refuse(other, 1);
    }
    assertThat(delayOf(tarpit.refuse(other, 1))).isPositive();
    assertThat(delayOf(tarpit.refuse(other, 1))).isPositive();
    assertThat(delayOf(tarpit.refuse(other, 1))).as("six held in all").isEqualTo(-1);
    Tarpit.Counts counts = tarpit.counts();
    assertThat(counts.heldNow()).isEqualTo(6);
    assertThat(counts.mostHeld()).isEqualTo(6);
    assertThat(counts.shed()).isEqualTo(4);
  }

  @Test
  void aShedRefusalStillCountsAsPushingAndDoesNotResetTheDelay() {
    for (int i = 0; i < RULES.graceRefusals() + RULES.maxHeldPerClient(); i++) {
      tarpit.refuse(PUSHER, 1);
    }
    assertThat(delayOf(tarpit.refuse(PUSHER, 1))).isEqualTo(-1);
    for (int i = 0; i < RULES.maxHeldPerClient(); i++) {
      tarpit.release(PUSHER);
    }
    // The third to sixth refusals were held (25 to 200 ms), the seventh shed (400): the eighth is held 800.
    assertThat(delayOf(tarpit.refuse(PUSHER, 1))).isEqualTo(800);
  }

  @Test
  void aLongPushSaturatesAtTheCapWithoutOverflow() {
    long last = 0;
    for (int i = 0; i < 500; i++) {
      last = delayOf(tarpit.refuse(PUSHER, 1));
      if (last > 0) {
        tarpit.release(PUSHER);
      }
    }
    assertThat(last).isEqualTo(1_000);
    Tarpit wide = new Tarpit(clock, new Tarpit.Rules(0, 1, Long.MAX_VALUE, 1, 1, 1));
    long previous = 0;
    for (int i = 0; i < 100; i++) {
      long d = delayOf(wide.refuse(PUSHER, 1));
      wide.release(PUSHER);
      assertThat(d).as("refusal %d", i).isGreaterThanOrEqualTo(previous).isPositive();
      previous = d;
    }
  }

  @Test
  void releasesNeverDriveTheCountsBelowZero() {
    tarpit.release(PUSHER);
    tarpit.release("certificate:never-seen");
    assertThat(tarpit.counts().heldNow()).isZero();
  }

  @Test
  void rulesThatCannotBoundAnythingAreRefused() {
    assertThatThrownBy(() -> new Tarpit.Rules(0, 0, 1_000, 4, 6, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tarpit.Rules(0, 25, 10, 4, 6, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tarpit.Rules(0, 25, 1_000, 8, 6, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("held 8 per client and 6 in all");
    assertThatThrownBy(() -> new Tarpit.Rules(-1, 25, 1_000, 4, 6, 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
