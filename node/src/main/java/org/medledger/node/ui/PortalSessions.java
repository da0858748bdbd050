package org.medledger.node.ui;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.medledger.node.auth.Identity;

/**
 * The portal's sessions, kept on the node (the browser holds only a random id in an HttpOnly
 * cookie). A session is anonymous until its holder signs in, so the sign-in forms carry a CSRF
 * token too; signing in replaces the session with a new id (no fixation). A session ends after
 * {@link #IDLE_MILLIS} unused or {@link #LIFETIME_MILLIS} after it began, at sign-out, or when the
 * store is full and it is the least recently used.
 */
public final class PortalSessions {
  public static final long IDLE_MILLIS = 30 * 60_000L;
  public static final long LIFETIME_MILLIS = 8 * 3_600_000L;
  static final int MAX_SESSIONS = 20_000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A session: its id, its CSRF token, and the member once signed in. */
  public record Session(String id, String csrf, Optional<Identity> member, long startedAt) {
    public boolean hasCsrf(String given) {
      return given != null && MessageDigest.isEqual(csrf.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private record Entry(Session session, long lastUsed) {}

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  /** In access order, so the least recently used is evicted first when the store is full. */
  private final LinkedHashMap<String, Entry> sessions = new LinkedHashMap<>(1024, 0.75f, true);

  public PortalSessions(Clock clock) {
    this.clock = clock;
  }

  /** A new anonymous session (for the sign-in form's CSRF token). */
  public synchronized Session anonymous() {
    return put(new Session(newId(), newId(), Optional.empty(), clock.millis()));
  }

  /** Ends {@code previous} (if any) and starts a member's session under a new id. */
  public synchronized Session signIn(Optional<String> previous, Identity member) {
    previous.ifPresent(sessions::remove);
    return put(new Session(newId(), newId(), Optional.of(member), clock.millis()));
  }

  /** The live session with this id, its use recorded; empty when unknown, expired or ended. */
  public synchronized Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Entry e = sessions.get(id);
    long now = clock.millis();
    if (e == null) {
      return Optional.empty();
    }
    if (now - e.lastUsed() > IDLE_MILLIS || now - e.session().startedAt() > LIFETIME_MILLIS) {
      sessions.remove(id);
      return Optional.empty();
    }
    sessions.put(id, new Entry(e.session(), now));
    return Optional.of(e.session());
  }

  public synchronized void end(String id) {
    sessions.remove(id);
  }

  synchronized int size() {
    return sessions.size();
  }

  private Session put(Session s) {
    while (sessions.size() >= MAX_SESSIONS) {
      String eldest = sessions.keySet().iterator().next();
      sessions.remove(eldest);
    }
    sessions.put(s.id(), new Entry(s, clock.millis()));
    return s;
  }

  private String newId() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return B64.encodeToString(b);
  }
}
