package org.medledger.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medledger.node.auth.TokenService;

/**
 * The tarpit as the server applies it ({@link RequestBudget} on a real HTTP server, wired as
 * {@link ApiServer} wires it): a held 429 goes out after its delay with Retry-After and the
 * server's after-steps run for it; past the bound a 429 is answered at once and its connection
 * closed. The budget's and the tarpit's clock stands still (no refill, nobody backs off), so
 * each verdict is fixed; only the hold itself takes real time.
 */
class TarpitServingTest {
  private static final class StoppedClock extends Clock {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return Instant.parse("2026-01-01T00:00:00Z"); }
  }

  private static final long HOLD_MILLIS = 3_000;
  /** Two requests of budget; one refusal at once; then every refusal held 3 s, one at a time. */
  private static final ClientRateLimiter.Rate RATE = new ClientRateLimiter.Rate(1, 2);
  private static final Tarpit.Rules RULES = new Tarpit.Rules(1, HOLD_MILLIS, HOLD_MILLIS, 1, 1, 100);

  private Javalin app;
  private HeldAnswers held;

  @AfterEach
  void stop() {
    if (held != null) {
      held.close();
    }
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void aPushingClientsRefusalIsHeldThenAnsweredAndPastTheBoundItsConnectionIsClosed() throws Exception {
    Clock clock = new StoppedClock();
    Tarpit tarpit = new Tarpit(clock, RULES);
    RequestBudget budget = new RequestBudget(BodyLimits.forTransactions(1 << 20), new RequestBudget.Rates(RATE, RATE),
        new ClientRateLimiter(clock, 100), tarpit, new TokenService(new byte[32], clock, 60_000));
    app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
    held = new HeldAnswers(app.jettyServer().threadPool());
    budget.withHeldAnswers(held);
    app.beforeMatched(budget::enforce);
    app.beforeMatched(budget::refuseHeld);
    app.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).result(e.code()));
    app.after(ctx -> ctx.header("X-After", "ran"));
    app.get("/ping", ctx -> ctx.result("pong"));
    app.start("127.0.0.1", 0);
    int port = app.port();

    try (Socket first = connect(port); Socket second = connect(port)) {
      assertThat(exchange(first).status()).isEqualTo(200);
      assertThat(exchange(first).status()).isEqualTo(200);
      Answer atOnce = exchange(first);
      assertThat(atOnce.status()).as("the first refusal: its grace").isEqualTo(429);
      assertThat(atOnce.headers()).containsKey("retry-after").doesNotContainEntry("connection", "close");

      long sent = System.nanoTime();
      send(first); // held for HOLD_MILLIS
      long deadline = System.nanoTime() + 20_000_000_000L; // generous: the machine may be loaded
      while (tarpit.counts().heldNow() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5); // waiting for the server to take the request, not for time to pass
      }
      assertThat(tarpit.counts().heldNow()).as("the first connection's refusal is held").isEqualTo(1);
      // While it is held, the same client on another connection is past its bound of one held: shed.
      Answer shed = exchange(second);
      assertThat(shed.status()).isEqualTo(429);
      assertThat(shed.headers()).containsEntry("connection", "close").containsKey("retry-after");
      assertThat(second.getInputStream().read()).as("the shed refusal's connection is closed").isEqualTo(-1);
      assertThat(tarpit.counts().shed()).isEqualTo(1);
      assertThat(tarpit.counts().heldNow()).as("the first connection's refusal is still held").isEqualTo(1);

      Answer late = read(first);
      long waited = (System.nanoTime() - sent) / 1_000_000;
      assertThat(late.status()).isEqualTo(429);
      assertThat(late.body()).isEqualTo("rate_limited");
      assertThat(late.headers()).containsEntry("retry-after", "1").containsEntry("x-after", "ran")
          .doesNotContainEntry("connection", "close");
      assertThat(waited).as("answered once its hold was up").isGreaterThanOrEqualTo(HOLD_MILLIS);
      assertThat(tarpit.counts().heldNow()).isZero();
      assertThat(tarpit.counts().held()).isEqualTo(1);
      // The held answer kept its connection: the next request on it is answered (held again).
      assertThat(exchange(first).status()).isEqualTo(429);
    }
  }

  private record Answer(int status, Map<String, String> headers, String body) {}

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    s.setSoTimeout(30_000); // generous: the machine may be loaded; the hold is 3 s
    return s;
  }

  private static void send(Socket s) throws IOException {
    s.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  private static Answer exchange(Socket s) throws IOException {
    send(s);
    return read(s);
  }

  /** One HTTP/1.1 answer with a Content-Length body (Javalin's for these). */
  private static Answer read(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    String statusLine = line(in);
    Map<String, String> headers = new TreeMap<>();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim().toLowerCase(Locale.ROOT));
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-answer");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }
}
