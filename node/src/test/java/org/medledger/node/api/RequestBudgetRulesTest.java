package org.medledger.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;

/** Issue 20 finding 9: body size per route, and a token bucket per client. */
class RequestBudgetRulesTest {
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  @Test
  void onlyDocumentUploadsTakeLargeBodiesAndEveryOtherClassIsSmaller() {
    BodyLimits limits = BodyLimits.forTransactions(1 << 20);
    assertThat(limits.bytes(BodyLimit.STANDARD)).isEqualTo(64 << 10);
    assertThat(limits.bytes(BodyLimit.DOCUMENT)).isGreaterThan(100L << 20);
    assertThat(limits.bytes(BodyLimit.TRANSACTION)).isLessThan(3L << 20);
    assertThat(limits.bytes(BodyLimit.TRANSACTION_BATCH)).isEqualTo(32L << 20);
    assertThat(limits.bytes(BodyLimit.BULK)).isEqualTo(8L << 20);
    assertThat(limits.largest()).isEqualTo(limits.bytes(BodyLimit.DOCUMENT));
    assertThat(BodyLimit.STANDARD.isLarge()).isFalse();
  }

  @Test
  void aRoutesBodyClassIsItsRegistrationsNeverTheLookOfItsPath() {
    RouteTable routes = new RouteTable();
    routes.add(HandlerType.POST, "/v1/records", ApiRoutes.Access.AUTHENTICATED, ctx -> {});
    routes.add(HandlerType.POST, "/v1/uploads", ApiRoutes.Access.AUTHENTICATED, BodyLimit.DOCUMENT, ctx -> {});
    routes.add(HandlerType.GET, "/v1/uploads", ApiRoutes.Access.AUTHENTICATED, ctx -> {});
    assertThat(routes.bodyLimit(HandlerType.POST, "/v1/records")).as("no application's path is special").isEqualTo(BodyLimit.STANDARD);
    assertThat(routes.bodyLimit(HandlerType.POST, "/v1/uploads")).isEqualTo(BodyLimit.DOCUMENT);
    assertThat(routes.bodyLimit(HandlerType.GET, "/v1/uploads")).isEqualTo(BodyLimit.STANDARD);
    assertThat(routes.bodyLimit(HandlerType.POST, "/fhir/{type}")).as("not registered").isEqualTo(BodyLimit.STANDARD);
  }

  @Test
  void responseHeadersApplyUnderTheirPrefixAndServerOwnedOnesAreRefused() {
    RouteTable routes = new RouteTable();
    routes.responseHeaders("/epcis/", java.util.Map.of("GS1-EPCIS-Version", "2.0.0", "GS1-CBV-Version", "2.0.0"));
    assertThat(routes.responseHeaders("/epcis/capture")).containsOnlyKeys("GS1-CBV-Version", "GS1-EPCIS-Version");
    assertThat(routes.responseHeaders("/epcis")).isEmpty();
    assertThat(routes.responseHeaders("/v1/health")).isEmpty();
    // A member's application cannot take over what the server decides for every answer.
    for (String owned : new String[] {"Content-Type", "WWW-Authenticate", "Set-Cookie", "Retry-After", "Access-Control-Allow-Origin",
        "strict-transport-security"}) {
      assertThatThrownBy(() -> routes.responseHeaders("/epcis/", java.util.Map.of(owned, "x"))).as(owned)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(owned);
    }
    assertThatThrownBy(() -> routes.responseHeaders("/", java.util.Map.of("X-A", "1"))).hasMessageContaining("prefix");
    assertThatThrownBy(() -> routes.responseHeaders("/epcis/", java.util.Map.of("X-A", "1\r\nSet-Cookie: a=b")))
        .hasMessageContaining("printable");
    // Another application setting the same header over an overlapping prefix is refused, not raced.
    assertThatThrownBy(() -> routes.responseHeaders("/epcis/events/", java.util.Map.of("GS1-EPCIS-Version", "1.2")))
        .hasMessageContaining("already set on /epcis/");
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
