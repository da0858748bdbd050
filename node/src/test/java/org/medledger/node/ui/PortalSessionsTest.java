package org.medledger.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.Hash;
import org.medledger.node.auth.Identity;

class PortalSessionsTest {
  final AtomicLong now = new AtomicLong(1_000_000);
  final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now.get());
    }
  };
  final Identity member = new Identity(Hash.fromHex("ab".repeat(32)), "hospital-a", "clinician", "dr-wang");

  @Test
  void signingInReplacesTheAnonymousSessionWithANewId() {
    PortalSessions sessions = new PortalSessions(clock);
    PortalSessions.Session anonymous = sessions.anonymous();
    PortalSessions.Session signedIn = sessions.signIn(Optional.of(anonymous.id()), member);
    assertThat(signedIn.id()).isNotEqualTo(anonymous.id());
    assertThat(signedIn.csrf()).isNotEqualTo(anonymous.csrf());
    assertThat(sessions.find(anonymous.id())).isEmpty();
    assertThat(sessions.find(signedIn.id()).flatMap(PortalSessions.Session::member)).hasValue(member);
  }

  @Test
  void aSessionEndsWhenIdleAndAtItsLifetimeEvenWhenUsed() {
    PortalSessions sessions = new PortalSessions(clock);
    PortalSessions.Session s = sessions.signIn(Optional.empty(), member);
    now.addAndGet(PortalSessions.IDLE_MILLIS + 1);
    assertThat(sessions.find(s.id())).as("idle too long").isEmpty();

    PortalSessions.Session busy = sessions.signIn(Optional.empty(), member);
    for (long used = 0; used < PortalSessions.LIFETIME_MILLIS; used += PortalSessions.IDLE_MILLIS / 2) {
      assertThat(sessions.find(busy.id())).isPresent();
      now.addAndGet(PortalSessions.IDLE_MILLIS / 2);
    }
    now.addAndGet(1);
    assertThat(sessions.find(busy.id())).as("past its lifetime").isEmpty();
  }

  @Test
  void theCsrfCheckTakesOnlyTheSessionsOwnToken() {
    PortalSessions sessions = new PortalSessions(clock);
    PortalSessions.Session s = sessions.anonymous();
    assertThat(s.hasCsrf(s.csrf())).isTrue();
    assertThat(s.hasCsrf(null)).isFalse();
    assertThat(s.hasCsrf("")).isFalse();
    assertThat(s.hasCsrf(sessions.anonymous().csrf())).isFalse();
  }

  @Test
  void aFullStoreDropsTheLeastRecentlyUsed() {
    PortalSessions sessions = new PortalSessions(clock);
    PortalSessions.Session first = sessions.signIn(Optional.empty(), member);
    PortalSessions.Session second = sessions.anonymous();
    sessions.find(first.id()); // used: now the second is the least recent
    for (int i = 0; i < PortalSessions.MAX_SESSIONS - 1; i++) {
      sessions.anonymous();
    }
    assertThat(sessions.size()).isEqualTo(PortalSessions.MAX_SESSIONS);
    assertThat(sessions.find(second.id())).isEmpty();
    assertThat(sessions.find(first.id())).isPresent();
  }

  @Test
  void unknownAndMissingIdsFindNothing() {
    PortalSessions sessions = new PortalSessions(clock);
    assertThat(sessions.find(null)).isEmpty();
    assertThat(sessions.find("forged")).isEmpty();
  }
}
