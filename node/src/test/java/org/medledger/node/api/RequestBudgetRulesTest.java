package org.medledger.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Issue 20 finding 9: body size per route, and a token bucket per client. */
class RequestBudgetRulesTest {
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  @Test
  void onlyDocumentUploadsTakeLargeBodiesAndTheLoginHandshakeTakesASmallOne() {
    BodyLimits limits = BodyLimits.forTransactions(1 << 20);
    assertThat(limits.limitFor(HandlerType.POST, "/v1/auth/challenge")).isEqualTo(64 << 10);
    assertThat(limits.limitFor(HandlerType.POST, "/v1/auth/token")).isEqualTo(64 << 10);
    assertThat(limits.limitFor(HandlerType.POST, "/v1/patients/p/consents")).isEqualTo(64 << 10);
    assertThat(limits.limitFor(HandlerType.POST, "/v1/records")).isGreaterThan(100L << 20);
    assertThat(limits.limitFor(HandlerType.POST, "/fhir/Observation")).isGreaterThan(100L << 20);
    assertThat(limits.limitFor(HandlerType.POST, "/v1/transactions")).isLessThan(3L << 20);
    assertThat(limits.limitFor(HandlerType.POST, "/v1/transactions/batch")).isEqualTo(32L << 20);
    assertThat(limits.largest()).isEqualTo(limits.limitFor(HandlerType.POST, "/v1/records"));
  }

  @Test
  void aFloodingClientIsRefusedWhileAnotherIsServedAndTheBucketRefills() {
    MovableClock clock = new MovableClock();
    ClientRateLimiter limiter = new ClientRateLimiter(clock, 1_000);
    ClientRateLimiter.Rate rate = new ClientRateLimiter.Rate(10, 20);
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.take("address:10.0.0.66", rate)).isNull();
    }
    ClientRateLimiter.Refusal refused = limiter.take("address:10.0.0.66", rate);
    assertThat(refused).isNotNull();
    assertThat(refused.retryAfterMillis()).isEqualTo(100);
    assertThat(limiter.take("address:10.0.0.7", rate)).as("another client keeps its own budget").isNull();
    clock.now = clock.now.plus(Duration.ofMillis(100));
    assertThat(limiter.take("address:10.0.0.66", rate)).isNull();
    assertThat(limiter.take("address:10.0.0.66", rate)).isNotNull();
  }

  @Test
  void forgottenClientsAreBoundedInNumber() {
    MovableClock clock = new MovableClock();
    ClientRateLimiter limiter = new ClientRateLimiter(clock, 3);
    ClientRateLimiter.Rate rate = new ClientRateLimiter.Rate(1, 1);
    assertThat(limiter.take("a", rate)).isNull();
    assertThat(limiter.take("a", rate)).isNotNull();
    for (String other : new String[] {"b", "c", "d"}) {
      limiter.take(other, rate);
    }
    // "a" was the least recently seen of four, so it was forgotten: memory stays at three buckets.
    assertThat(limiter.take("a", rate)).isNull();
  }
}
