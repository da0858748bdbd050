package org.medledger.bench.credentials;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;

/**
 * The status check's latency on a real node (issue 16, "Measured": the status check p99): a
 * paced load of {@code GET /v1/credentials/{issuer}/{licence}/snapshot} (the state receipt at the
 * head, what a verifier fetches to refresh a presentation) and then of {@code GET
 * /v1/credentials/{issuer}/{licence}} (the record and its standing) against the first of the
 * demo's four validators, in this process, over loopback HTTP. Requests start on a fixed
 * schedule ({@code --rate} a second, spread over {@code --threads} clients); each latency is
 * counted from the request's scheduled start, so a slow answer that delays the next ones is
 * counted in theirs too (no coordinated omission). The rate stays under the node's per-member
 * budget (200 a second): refusals (429) are counted, not timed.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.medledger.bench.credentials.CredentialStatusLoad [--rate 100] [--seconds 20] [--threads 4] [--suite intl]</pre>
 */
public final class CredentialStatusLoad {
  private CredentialStatusLoad() {}

  public static void main(String[] args) throws Exception {
    int rate = 100;
    int seconds = 20;
    int threads = 4;
    String suite = "intl";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rate" -> rate = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--suite" -> suite = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--rate, --seconds, --threads, --suite)");
      }
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
    }
    try (CredentialNetwork network = CredentialNetwork.start(suite)) {
      String standing = "v1/credentials/" + CredentialNetwork.ISSUER + "/" + CredentialNetwork.LICENCE;
      // A short unmeasured run first: the JIT, the node's caches and the HTTP connections warm up.
      run(network, CredentialNetwork.snapshotPath(), rate, Math.max(2, seconds / 4), threads);
      report("snapshot " + CredentialNetwork.snapshotPath(), run(network, CredentialNetwork.snapshotPath(), rate, seconds, threads),
          rate, seconds, threads);
      report("standing " + standing, run(network, standing, rate, seconds, threads), rate, seconds, threads);
    }
  }

  /** Latencies in nanoseconds of the answered requests, and the refused ones' count. */
  record Result(long[] nanos, int refused, int failed) {}

  static Result run(CredentialNetwork network, String path, int rate, int seconds, int threads) throws InterruptedException {
    int total = rate * seconds;
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime() + 50_000_000L;
    long[] nanos = new long[total];
    Arrays.fill(nanos, -1);
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      MedLedgerClient client = network.memberClient();
      Thread w = new Thread(() -> {
        for (int i = first; i < total; i += threads) {
          long due = start + i * interval;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          try {
            client.get(path);
            nanos[i] = System.nanoTime() - due;
          } catch (ApiException e) {
            if (e.status() == 429) {
              refused.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
          }
        }
      }, "status-load-" + t);
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    return new Result(Arrays.stream(nanos).filter(n -> n >= 0).sorted().toArray(), refused.get(), failed.get());
  }

  private static void report(String what, Result r, int rate, int seconds, int threads) {
    long[] n = r.nanos();
    if (n.length == 0) {
      System.out.printf("CREDENTIAL STATUS %s: no request answered (%d refused, %d failed)%n", what, r.refused(), r.failed());
      return;
    }
    System.out.printf("CREDENTIAL STATUS %s at %d/s for %d s from %d clients: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d"
        + " answers (%d refused 429, %d failed)%n", what, rate, seconds, threads, n[n.length / 2] / 1e6,
        n[(int) Math.min(n.length - 1, Math.ceil(n.length * 0.99) - 1)] / 1e6, n[n.length - 1] / 1e6, n.length, r.refused(),
        r.failed());
  }
}
