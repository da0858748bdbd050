package org.medledger.cli;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.application.BenchmarkFolder;
import org.medledger.node.application.ConsortiumWriter;
import org.medledger.node.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load generator: starts a node on a fresh data folder, registers a few clients, pre-signs
 * notary anchors (signing is the clients' cost, not the node's), submits them over the REST API
 * with bounded concurrency, and reports committed tx/s and submit-to-commit latency, as seen by
 * a commit listener on the node.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {CatchUpBenchmark.class, PortalBenchmark.class},
    description = "Measure committed tx/s and commit latency of a network of validators.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--tx", defaultValue = "50000", description = "transactions to submit (default ${DEFAULT-VALUE})")
  int txCount;

  @Option(names = "--concurrency", defaultValue = "4", description = "requests in flight (default ${DEFAULT-VALUE})")
  int concurrency;


  @Option(names = "--batch", defaultValue = "500", description = "transactions per request; 1 submits one by one (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--rate", defaultValue = "0", description = "offered load in tx/s; 0 floods as fast as the node accepts (default ${DEFAULT-VALUE})")
  int rate;

  @Option(names = "--clients", defaultValue = "8", description = "signing identities (default ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--suite", defaultValue = "intl", description = "intl or gm (default ${DEFAULT-VALUE})")
  String suite;

  @Option(names = "--validators", defaultValue = "4", description = "validators, each a node with its own store and TLS endpoint in this process; clients spread requests over them (default ${DEFAULT-VALUE})")
  int validators;

  @Option(names = "--warmup", defaultValue = "10000", description = "transactions run first and left out of the figures, so the JIT has compiled the hot paths (default ${DEFAULT-VALUE}; 0 for none)")
  int warmup;

  @Option(names = "--data", description = "data folder (default: a fresh temporary folder)")
  Path data;

  private static Transaction txs0(List<TransactionBuilder> builders, CryptoSuite cs) {
    return builders.get(0).anchor(Demo.fingerprint(cs, "calibration"), "bench");
  }

  /**
   * Raw verification rate with every core busy for two seconds: the ceiling admission works
   * under. Shared build machines vary several-fold over minutes, so each run states its own.
   */
  private double calibrate(Transaction sample) throws InterruptedException {
    CryptoSuite cs = org.medledger.crypto.CryptoSuites.byId(sample.suite());
    org.medledger.crypto.Verifier v = cs.signatures().verifier(
        cs.signatures().generateKeyPair(new java.security.SecureRandom()).getPublic());
    byte[] msg = sample.payloadBytes();
    byte[] sig = sample.signature();
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicLong count = new AtomicLong();
    long end = System.nanoTime() + 2_000_000_000L;
    Thread[] ts = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      ts[i] = new Thread(() -> {
        while (System.nanoTime() < end) {
          v.verify(msg, sig);
          count.incrementAndGet();
        }
      });
      ts[i].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    return count.get() / 2.0;
  }

  private static int countRefused(String body) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("refused").asInt();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private Transaction[] sign(List<TransactionBuilder> builders, CryptoSuite cs, int count, String label) {
    return IntStream.range(0, count).parallel()
        .mapToObj(i -> builders.get(i % builders.size())
            .anchor(Demo.fingerprint(cs, label + " document " + i + " " + System.nanoTime()), "bench"))
        .toArray(Transaction[]::new);
  }

  /** One load run's counters, filled by the node's commit listener. */
  private static final class Run {
    final ConcurrentHashMap<Hash, Long> sentAt = new ConcurrentHashMap<>();
    final long[] latencies;
    final int expected;
    final AtomicInteger committed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
    final AtomicInteger blocks = new AtomicInteger();
    final AtomicLong lastCommit = new AtomicLong();
    final CountDownLatch done = new CountDownLatch(1);
    long start;
    long submitted;

    Run(int expected) {
      this.expected = expected;
      this.latencies = new long[expected];
    }

    void committed(List<TxOutcome> outcomes, long now) {
      blocks.incrementAndGet();
      for (TxOutcome o : outcomes) {
        Long t = sentAt.remove(o.txId());
        if (t != null) {
          int n = committed.getAndIncrement();
          latencies[n] = now - t;
          if (!o.success()) {
            failed.incrementAndGet();
          }
        }
      }
      lastCommit.set(now);
      if (committed.get() >= expected) {
        done.countDown();
      }
    }

    double seconds() {
      return (lastCommit.get() - start) / 1e9;
    }
  }

  private final java.util.concurrent.atomic.AtomicReference<Run> current = new java.util.concurrent.atomic.AtomicReference<>();

  private Run drive(Transaction[] txs, List<MedLedgerClient> apis, MedLedgerNode node, CryptoSuite cs) throws InterruptedException {
    Run run = new Run(txs.length);
    if (current.getAndSet(run) == null) {
      node.addCommitListener((block, outcomes) -> current.get().committed(outcomes, System.nanoTime()));
    }
    Semaphore inFlight = new Semaphore(concurrency);
    run.start = System.nanoTime();
    int request = 0;
    for (int from = 0; from < txs.length; from += batch) {
      MedLedgerClient target = apis.get(request++ % apis.size());
      List<Transaction> chunk = Arrays.asList(txs).subList(from, Math.min(txs.length, from + batch));
      if (rate > 0) {
        long due = run.start + (long) (from * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      inFlight.acquire();
      long now = System.nanoTime();
      for (Transaction tx : chunk) {
        run.sentAt.put(tx.id(cs.hash()), now);
      }
      var response = chunk.size() == 1 ? target.submitAsync(chunk.get(0), false) : target.submitBatchAsync(chunk);
      response.whenComplete((HttpResponse<String> r, Throwable e) -> {
        inFlight.release();
        int refused = e != null || (r.statusCode() != 202 && r.statusCode() != 200) ? chunk.size()
            : chunk.size() == 1 ? 0 : countRefused(r.body());
        if (refused > 0) {
          if (run.rejected.getAndAdd(refused) == 0) {
            System.out.println("rejected: " + (e != null ? e : r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length()))));
          }
          if (run.committed.get() + run.rejected.get() >= run.expected) {
            run.done.countDown();
          }
        }
      });
    }
    run.submitted = System.nanoTime();
    run.done.await(300, TimeUnit.SECONDS);
    return run;
  }

  @Override
  public Integer call() throws Exception {
    BenchmarkFolder folder = data != null ? BenchmarkFolder.kept(data) : BenchmarkFolder.temporary("medledger-bench");
    Path dir = folder.path();
    List<NetworkInitializer.User> users = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      users.add(new NetworkInitializer.User("hospital-a", "bench-" + i, Role.CLINICIAN));
    }
    Path net = dir.resolve("network");
    List<String> orgs = new ArrayList<>(List.of("hospital-a"));
    for (int i = 1; i < Math.max(2, validators); i++) {
      orgs.add("org-" + i);
    }
    new NetworkInitializer(suite, "medledger-bench", orgs, orgs.subList(0, validators), users, 0, ConsortiumWriter.firstP2pPort(40000),
        List.of(), Clock.systemUTC()).write(net);
    List<MedLedgerNode> nodes = new ArrayList<>();
    for (String org : orgs.subList(0, validators)) {
      nodes.add(MedLedgerNode.start(NodeConfig.read(net.resolve(org).resolve("node/node.json")).withApiPort(0).withPlainLoopbackApi().withPlainLoopbackApi()));
    }
    try {
      MedLedgerNode node = nodes.get(0);
      long linkDeadline = System.currentTimeMillis() + 15_000;
      while (validators > 1 && nodes.stream().anyMatch(x -> x.connectedPeers() < validators - 1)
          && System.currentTimeMillis() < linkDeadline) {
        Thread.sleep(50);
      }
      CryptoSuite cs = node.genesis().cryptoSuite();
      List<MedLedgerClient> apis = new ArrayList<>();
      for (MedLedgerNode x : nodes) {
        apis.add(new MedLedgerClient("http://127.0.0.1:" + x.apiPort()));
      }
      MedLedgerClient client = apis.get(0);
      List<TransactionBuilder> builders = new ArrayList<>();
      for (NetworkInitializer.User u : users) {
        ClientIdentity id = ClientIdentity.load(cs, net.resolve("hospital-a/users").resolve(u.name()));
        for (MedLedgerClient a : apis) {
          a.login(id);
        }
        TransactionBuilder b = new TransactionBuilder(id, node.genesis().chainId(), Clock.systemUTC());
        client.submit(b.registerSelf(), true);
        builders.add(b);
      }
      System.out.printf("NETWORK %d validator(s), f = %d, %s suite, blocks of at most %d transactions%n", validators,
          node.genesis().maxFaulty(), cs.id(), node.genesis().parameters().maxBlockTransactions());
      System.out.printf("CALIBRATION %.0f signature verifications/s on %d threads (this machine, now)%n",
          calibrate(txs0(builders, cs)), Runtime.getRuntime().availableProcessors());
      if (warmup > 0) {
        // Excluded from the figures: the JIT compiles the hot paths and the heap settles during the
        // first seconds (C2 alone took 16 % of both cores through a cold 40,000-tx run).
        System.out.printf("warming up with %d transactions (not measured)…%n", warmup);
        Run w = drive(sign(builders, cs, warmup, "warm-up"), apis, node, cs);
        System.out.printf("warm-up: %d committed in %.2f s%n", w.committed.get(), w.seconds());
      }
      System.out.printf("pre-signing %d notary anchors (%s suite) with %d identities…%n", txCount, cs.id(), clients);
      Run r = drive(sign(builders, cs, txCount, "bench"), apis, node, cs);
      int n = r.committed.get();
      long[] lat = Arrays.copyOf(r.latencies, n);
      Arrays.sort(lat);
      System.out.printf("submitted %d in %.2f s (%.0f tx/s accepted), rejected %d%n", txCount, (r.submitted - r.start) / 1e9,
          txCount / ((r.submitted - r.start) / 1e9), r.rejected.get());
      System.out.printf("committed %d transactions (%d failed by contract) in %d blocks, %.2f s%n", n, r.failed.get(), r.blocks.get(), r.seconds());
      System.out.printf("THROUGHPUT %.0f committed tx/s%n", n / r.seconds());
      if (n > 0) {
        System.out.printf("LATENCY submit->commit p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            lat[n / 2] / 1e6, lat[Math.min(n - 1, (int) (n * 0.99))] / 1e6, lat[n - 1] / 1e6);
      }
      return n == txCount && r.failed.get() == 0 ? 0 : 1;
    } finally {
      for (MedLedgerNode x : nodes) {
        x.close();
      }
      folder.close();
    }
  }
}
