package org.medledger.it.chaos;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hex;

/**
 * A steady load of notary anchors at a set rate over all clients, each client sending to the
 * nodes in turn and waiting for the commit: what a node acknowledged as committed, and how long
 * that took.
 */
final class PlainLoad {
  private final ChaosCluster cluster;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Long> latenciesMillis = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  PlainLoad(ChaosCluster cluster) {
    this.cluster = cluster;
  }

  void start(int clients, int ratePerSecond) {
    if (clients == 0 || ratePerSecond == 0) {
      return;
    }
    running.set(true);
    long gapNanos = TimeUnit.SECONDS.toNanos(1) * clients / ratePerSecond;
    for (int t = 0; t < clients; t++) {
      int client = t;
      Thread th = new Thread(() -> run(client, gapNanos), "load-" + t);
      th.setDaemon(true);
      th.start();
      threads.add(th);
    }
  }

  private void run(int client, long gapNanos) {
    TransactionBuilder b = new TransactionBuilder(cluster.admin(), cluster.chainId(), Clock.systemUTC());
    int k = client;
    long next = System.nanoTime();
    while (running.get()) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
      next = Math.max(next + gapNanos, System.nanoTime() - gapNanos);
      MedLedgerClient c = cluster.client(k++ % cluster.size());
      if (c == null) {
        continue;
      }
      Transaction tx = b.anchor(Hex.encode(CryptoSuites.intl().hash().hash(("chaos load " + System.nanoTime() + " " + client)
          .getBytes(StandardCharsets.UTF_8))), "lab-report");
      long sent = System.nanoTime();
      try {
        HttpResponse<String> r = c.submitAsync(tx, true).get(45, TimeUnit.SECONDS);
        if (r.statusCode() == 200 && r.body().contains("\"committed\"")) {
          acknowledged.add(tx.id(CryptoSuites.intl().hash()).hex());
          latenciesMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
        }
      } catch (Exception e) {
        // Down, cut off or slow: the transaction may or may not commit; only acknowledgements count.
      }
    }
  }

  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(60_000);
    }
  }

  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  List<Long> latenciesMillis() {
    return List.copyOf(latenciesMillis);
  }
}
