package org.medledger.node;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.medledger.client.ApiServerTrust;
import org.medledger.node.api.Tarpit;
import org.medledger.node.admission.AdmissionResult;

/**
 * The abuses of {@code ApiAbuseTest} that are about load rather than one request: a burst
 * from one client (answered 429 past its budget, its refusals held by the tarpit so they come at a
 * few a second, while the chain keeps its block rate within 10 %), the same client over more
 * connections than the tarpit holds (the rest shed), and slow clients holding connections (a
 * normal client is still answered in time).
 */
final class ApiAbuseLoad {
  /** The chain's demand while measuring: one anchor every this many ms, submitted at validator 1. */
  private static final long TRICKLE_MILLIS = 200;
  /** The burst lasts this long, and so do the quiet windows either side of it together. */
  private static final long WINDOW_MILLIS = 8_000;
  /**
   * Enough for twice the certificate's 200 a second, few enough that the test's own client (in
   * the validators' process, on a machine of two cores) is not what slows the chain.
   */
  private static final int BURST_CONNECTIONS = 4;
  /**
   * The refusals a second the burst may cause: the tarpit holds each connection's refusal up to
   * 1 s once the client keeps pushing, so about one a second per connection after its first few
   * dozen (before the tarpit, some 4,700 a second, which on a loaded machine slowed the chain).
   */
  private static final double MAX_REFUSED_PER_SECOND = BURST_CONNECTIONS * 5;
  /** More connections from one certificate than the tarpit holds refusals of one client. */
  private static final int CROWD_CONNECTIONS = Tarpit.Rules.DEFAULTS.maxHeldPerClient() + 16;
  private static final long CROWD_MILLIS = 3_000;
  private static final int SLOW_HEADERS = 150;
  /** More than the API server's threads (Javalin's pool: 250): each would hold one while its handler reads the body. */
  private static final int SLOW_BODIES = 300;
  private static final int SILENT_HANDSHAKES = 100;
  private static final long ANSWER_BOUND_MILLIS = 3_000;

  private final BftTestNetwork net;
  private final RunningValidators running;
  private final ApiServerTrust trust;
  private final RawHttps raw;

  ApiAbuseLoad(BftTestNetwork net, RunningValidators running, ApiServerTrust trust, RawHttps raw) {
    this.net = net;
    this.running = running;
    this.trust = trust;
    this.raw = raw;
  }

  void burstAndSlowClients(AbuseTable table, String token) throws Exception {
    AtomicInteger refusedAnchors = new AtomicInteger();
    AtomicInteger submitted = new AtomicInteger();
    // At a fixed rate, not "submit, then sleep": that loop's period was 200 ms plus however long
    // admission took, and on a loaded machine the burst's own threads (in this process) stretched
    // it, so the demand fell and the block rate with it (4.25 blocks/s: a 235 ms period) while the
    // chain kept up with everything it was given.
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "abuse-trickle"));
    trickle.scheduleAtFixedRate(() -> {
      int i = submitted.getAndIncrement();
      AdmissionResult r = running.node(1).admission().submit(net.anchor("trickle " + i + " " + System.nanoTime()));
      if (!(r instanceof AdmissionResult.Accepted)) {
        refusedAnchors.incrementAndGet();
      }
    }, 0, TRICKLE_MILLIS, TimeUnit.MILLISECONDS);
    try {
      Thread.sleep(1_000); // the trickle reaches its pace
      // The baseline is two quiet windows, one either side of the burst, so it is taken under the
      // same load from the rest of the machine as the burst (other builds come and go within
      // seconds), and each rate is counted between commits (CommitPace), not from heights read at
      // wall-clock instants. The burst stays one window: split, the budget refills between them.
      CommitPace pace = new CommitPace(running, 0);
      int[] answers = new int[600];
      CommitPace.Window quietBefore = pace.measure(() -> Thread.sleep(WINDOW_MILLIS / 2));
      long serverCpu0 = threadCpuNanos("JettyServerThreadPool");
      long processCpu0 = processCpuNanos();
      Tarpit.Counts tarpit0 = running.node(0).apiTarpit();
      CommitPace.Window during = pace.measure(() -> burst(token, answers, BURST_CONNECTIONS, WINDOW_MILLIS));
      Tarpit.Counts tarpit1 = running.node(0).apiTarpit();
      long serverCpuMillis = (threadCpuNanos("JettyServerThreadPool") - serverCpu0) / 1_000_000;
      long processCpuMillis = (processCpuNanos() - processCpu0) / 1_000_000;
      CommitPace.Window before = quietBefore.plus(pace.measure(() -> Thread.sleep(WINDOW_MILLIS / 2)));
      int ok = answers[200];
      int limited = answers[429];
      int other = 0;
      for (int s = 0; s < answers.length; s++) {
        other += s == 200 || s == 429 ? 0 : answers[s];
      }
      double refusedPerSecond = limited * 1000.0 / WINDOW_MILLIS;
      String line = String.format(java.util.Locale.ROOT,
          "burst: one certificate, GET /v1/blocks/latest for %d ms from " + BURST_CONNECTIONS + " connections: %d answered"
              + " 200, %d answered 429 (%.1f a second, bound %.0f; the tarpit held %d, at most %d at once, shed %d), %d other;"
              + " blocks/s between commits in the quiet %d ms either side %.2f (%d blocks),"
              + " during %.2f (%d blocks) (the chain's demand: an anchor every %d ms, %d submitted); CPU during the burst:"
              + " the API servers' threads %d ms, the whole process %d ms",
          WINDOW_MILLIS, ok, limited, refusedPerSecond, MAX_REFUSED_PER_SECOND, tarpit1.held() - tarpit0.held(), tarpit1.mostHeld(),
          tarpit1.shed() - tarpit0.shed(), other, WINDOW_MILLIS / 2, before.blocksPerSecond(), before.blocks(),
          during.blocksPerSecond(), during.blocks(), TRICKLE_MILLIS, submitted.get(), serverCpuMillis, processCpuMillis);
      table.note(line);
      if (limited == 0 || other > 0) {
        table.fail("burst: expected 429s past the certificate's budget and nothing but 200 and 429; " + line);
      }
      if (refusedPerSecond > MAX_REFUSED_PER_SECOND || tarpit1.held() == tarpit0.held()) {
        table.fail("burst: the tarpit did not hold the refusals of a client that kept pushing; " + line);
      }
      if (tarpit1.mostHeld() > Tarpit.Rules.DEFAULTS.maxHeldPerClient()) {
        table.fail("burst: the tarpit held more of one client's refusals at once than its bound; " + line);
      }
      if (before.blocks() == 0 || during.blocksPerSecond() < before.blocksPerSecond() * 0.9) {
        table.fail("burst: the block rate fell by more than 10 %: " + line);
      }
      crowd(table, token);
      slowClients(table);
    } finally {
      trickle.shutdownNow();
      trickle.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (refusedAnchors.get() > 0) {
      table.fail("burst: " + refusedAnchors.get() + " of the trickle's anchors were refused by admission");
    }
  }

  /** CPU time of the live threads whose name starts with {@code prefix} (the API servers' pool: Javalin names it). */
  private static long threadCpuNanos(String prefix) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * One certificate over more connections than the tarpit holds refusals of one client: the held
   * ones stay within the bound, and the rest are shed (answered at once, the connection closed).
   */
  private void crowd(AbuseTable table, String token) throws Exception {
    Tarpit.Counts start = running.node(0).apiTarpit();
    long serverCpu0 = threadCpuNanos("JettyServerThreadPool");
    int[] answers = new int[600];
    burst(token, answers, CROWD_CONNECTIONS, CROWD_MILLIS);
    long serverCpuMillis = (threadCpuNanos("JettyServerThreadPool") - serverCpu0) / 1_000_000;
    Tarpit.Counts end = running.node(0).apiTarpit();
    int other = 0;
    for (int s = 0; s < answers.length; s++) {
      other += s == 200 || s == 429 || s == 0 ? 0 : answers[s];
    }
    int bound = Tarpit.Rules.DEFAULTS.maxHeldPerClient();
    String line = "crowd: one certificate, GET /v1/blocks/latest for " + CROWD_MILLIS + " ms from " + CROWD_CONNECTIONS
        + " connections: " + answers[200] + " answered 200, " + answers[429] + " answered 429, " + answers[0]
        + " connections closed under a request, " + other + " other; the tarpit held " + (end.held() - start.held())
        + ", at most " + end.mostHeld() + " at once (bound " + bound + "), shed " + (end.shed() - start.shed())
        + "; the API servers' threads " + serverCpuMillis + " ms of CPU (a shed refusal's new connection: its TLS handshake)";
    table.note(line);
    if (end.mostHeld() > bound || end.shed() == start.shed() || other > 0) {
      table.fail("crowd: expected the held refusals within their bound and the rest shed; " + line);
    }
  }

  /**
   * As many requests as {@code connections} connections carry for {@code millis}, one
   * certificate's token on each; a connection the server closed under a request counts as status 0.
   */
  private void burst(String token, int[] answers, int connections, long millis) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(trust.sslContext()).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create("https://127.0.0.1:" + running.node(0).apiPort() + "/v1/blocks/latest");
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<int[]>> workers = new ArrayList<>();
      for (int w = 0; w < connections; w++) {
        workers.add(pool.submit(() -> {
          int[] mine = new int[answers.length];
          while (System.nanoTime() < end) {
            try {
              HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding());
              mine[Math.min(r.statusCode(), answers.length - 1)]++;
            } catch (IOException closed) {
              mine[0]++; // a shed refusal closes its connection: a request racing the close sees it
            }
          }
          return mine;
        }));
      }
      for (Future<int[]> f : workers) {
        int[] mine = f.get();
        for (int s = 0; s < answers.length; s++) {
          answers[s] += mine[s];
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Slowloris: {@link #SLOW_HEADERS} connections write a request's headers a byte every 500 ms,
   * {@link #SLOW_BODIES} write a body so (R.U.D.Y.), and
   * {@link #SILENT_HANDSHAKES} open TCP and never start TLS; meanwhile a normal client's requests
   * are each answered within {@link #ANSWER_BOUND_MILLIS}.
   */
  private void slowClients(AbuseTable table) throws Exception {
    List<Socket> held = new ArrayList<>();
    ScheduledExecutorService dribble = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < SILENT_HANDSHAKES; i++) {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.30.0." + (i + 1)), 0));
        s.connect(new InetSocketAddress("127.0.0.1", running.node(0).apiPort()), 5_000);
        held.add(s);
      }
      byte[] request = ("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(200) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      List<Socket> slow = new ArrayList<>();
      for (int i = 0; i < SLOW_HEADERS; i++) {
        Socket s = raw.open("127.31.0." + (i + 1));
        held.add(s);
        slow.add(s);
      }
      // Slow bodies: whole headers of a login challenge declaring 8,000 bytes, then a byte every 500 ms
      // from the moment each is open (the dribbler runs while they are opened).
      List<Socket> slowBodies = new java.util.concurrent.CopyOnWriteArrayList<>();
      int[] written = new int[1];
      dribble.scheduleAtFixedRate(() -> {
        int at = written[0]++;
        if (at >= request.length) {
          return;
        }
        for (Socket s : slow) {
          try {
            OutputStream out = s.getOutputStream();
            out.write(request[at]);
            out.flush();
          } catch (IOException e) {
            // The server closed it: that is allowed, and it is one less held connection.
          }
        }
        for (Socket s : slowBodies) {
          try {
            OutputStream out = s.getOutputStream();
            out.write(' ');
            out.flush();
          } catch (IOException e) {
            // closed by the server: allowed
          }
        }
      }, 0, 500, TimeUnit.MILLISECONDS);
      for (int i = 0; i < SLOW_BODIES; i++) {
        Socket s;
        try {
          s = raw.open("127.33." + (i / 250) + "." + (i % 250 + 1));
        } catch (IOException e) {
          table.fail("slow clients: the TLS handshake of slow body " + (i + 1) + " got no answer (" + e + "): the server"
              + " starved with " + i + " slow bodies held");
          return;
        }
        held.add(s);
        s.getOutputStream().write(("POST /v1/auth/challenge HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 8000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slowBodies.add(s);
      }
      Thread.sleep(2_000);
      long worst = 0;
      int answered = 0;
      for (int i = 0; i < 10; i++) {
        long t0 = System.nanoTime();
        RawHttps.Answer a = raw.send("127.32.0." + (i + 1), "GET", "/v1/health", null, null, null, null);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        worst = Math.max(worst, millis);
        answered += a.status() == 200 ? 1 : 0;
      }
      String line = "slow clients: " + SLOW_HEADERS + " connections writing headers a byte every 500 ms, " + SLOW_BODIES
          + " writing a body a byte every 500 ms and " + SILENT_HANDSHAKES + " never starting TLS; a normal client's 10 requests: " + answered
          + " answered 200, the slowest in " + worst + " ms (bound " + ANSWER_BOUND_MILLIS + " ms)";
      table.note(line);
      if (answered < 10 || worst > ANSWER_BOUND_MILLIS) {
        table.fail(line);
      }
    } finally {
      dribble.shutdownNow();
      for (Socket s : held) {
        try {
          s.close();
        } catch (IOException e) {
          // closing test sockets
        }
      }
    }
  }
}
