package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hex;

/**
 * The 4-validator network of `network init`, each node a real process in its own network
 * namespace, under a steady load of client transactions: kill -9 one validator, restart it,
 * partition 2 | 2, heal. At the end every transaction a node acknowledged as committed is in the
 * chain and all four nodes hold the same block hashes at every height.
 *
 * <p>{@code -Dmedledger.chaos.minutes=10} then runs random faults (kills, restarts, 2|2 and 1|3
 * partitions) for that long before the same final checks.
 */
class ConsortiumFaultIT {
  private static final List<String> ORGS = List.of("hospital-a", "hospital-b", "insurer", "regulator");
  private static final int API_PORT = 8080;

  @TempDir
  Path dir;

  private Netns netns;
  private final Process[] nodes = new Process[4];
  private final MedLedgerClient[] clients = new MedLedgerClient[4];
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean loading = new AtomicBoolean();
  private final List<Thread> loaders = new ArrayList<>();
  private final CryptoSuite suite = CryptoSuites.intl();

  @AfterEach
  void tearDown() throws Exception {
    // Keep the node logs where CI and people can read them after the temporary folder is gone.
    Path keep = Path.of("target", "fault-logs");
    Files.createDirectories(keep);
    try (var logs = Files.list(dir)) {
      for (Path log : (Iterable<Path>) logs.filter(p -> p.toString().endsWith(".log"))::iterator) {
        Files.copy(log, keep.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    loading.set(false);
    for (Thread t : loaders) {
      t.join(30_000);
    }
    for (Process p : nodes) {
      if (p != null) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (netns != null) {
      netns.close();
    }
  }

  private void start(int i) throws Exception {
    Path log = dir.resolve(ORGS.get(i) + ".log");
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns.ns(i)));
    cmd.addAll(Processes.medledger(log, "node", "start", "--config",
        dir.resolve("net").resolve(ORGS.get(i)).resolve("node/node.json").toString()).command());
    nodes[i] = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  private void kill(int i) throws InterruptedException {
    nodes[i].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    nodes[i] = null;
  }

  private long height(int i) {
    try {
      return clients[i].get("v1/health").get("height").asLong();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out after " + millis + " ms waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  private long minHeight(List<Integer> of) {
    return of.stream().mapToLong(this::height).min().orElse(-1);
  }

  private void startLoad(ClientIdentity id, String chainId, int threads) {
    loading.set(true);
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread th = new Thread(() -> {
        TransactionBuilder b = new TransactionBuilder(id, chainId, Clock.systemUTC());
        int k = first;
        while (loading.get()) {
          int node = k++ % 4;
          if (nodes[node] == null) {
            continue;
          }
          Transaction tx = b.anchor(Hex.encode(suite.hash().hash(("load " + System.nanoTime() + " " + first).getBytes(StandardCharsets.UTF_8))), "lab-report");
          try {
            HttpResponse<String> r = clients[node].submitAsync(tx, true).get(20, TimeUnit.SECONDS);
            if (r.statusCode() == 200 && r.body().contains("\"committed\"")) {
              acknowledged.add(tx.id(suite.hash()).hex());
            }
          } catch (Exception e) {
            try {
              Thread.sleep(50);
            } catch (InterruptedException ie) {
              return;
            }
          }
        }
      }, "load-" + t);
      th.setDaemon(true);
      th.start();
      loaders.add(th);
    }
  }

  @Test
  void survivesACrashARestartAndAPartitionWithoutForking() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("medledger.it.long"), "a long fault run: -Dmedledger.it.long=true (the default"
        + " run's ChaosIT plays every fault kind; README, Testing)");
    Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 for network namespaces");
    netns = new Netns("mlit", "10.79.0", 4);
    Path net = dir.resolve("net");
    Process init = Processes.medledger(dir.resolve("init.log"), "network", "init", "--orgs", String.join(",", ORGS), "--out",
        net.toString(), "--hosts", "10.79.0.1,10.79.0.2,10.79.0.3,10.79.0.4").start();
    assertThat(init.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(init.exitValue()).as(Files.readString(dir.resolve("init.log"))).isZero();
    for (int i = 0; i < 4; i++) {
      start(i);
    }
    ClientIdentity admin = ClientIdentity.load(suite, net.resolve("hospital-a/users/admin"));
    String chainId = new ObjectMapper().readTree(net.resolve("genesis.json").toFile()).get("chainId").asText();
    for (int i = 0; i < 4; i++) {
      // HTTPS to each namespace's address, checked against the genesis CAs and that address.
      clients[i] = new MedLedgerClient("https://" + netns.ip(i) + ":" + (API_PORT + i),
          org.medledger.client.ApiServerTrust.read(net.resolve("genesis.json")));
      int n = i;
      await("node " + i + " serves its API", 60_000, () -> height(n) >= 0);
      clients[i] = clients[i].withToken(clients[i].login(admin));
    }
    JsonNode reg = clients[1].submit(new TransactionBuilder(admin, chainId, Clock.systemUTC()).registerSelf(), true);
    assertThat(reg.path("status").asText()).as(reg.toString()).isEqualTo("committed");
    startLoad(admin, chainId, 8);
    List<Integer> all = List.of(0, 1, 2, 3);
    long h0 = minHeight(all);
    await("all four commit under load", 30_000, () -> minHeight(all) >= h0 + 5);

    // kill -9 one validator: the other three keep committing.
    kill(3);
    List<Integer> three = List.of(0, 1, 2);
    long h1 = minHeight(three);
    int ackedBefore = acknowledged.size();
    await("three validators commit without the fourth", 20_000, () -> minHeight(three) >= h1 + 5);
    assertThat(acknowledged.size()).isGreaterThan(ackedBefore);

    // Restart it: it catches up from its peers.
    start(3);
    await("the restarted validator catches up", 60_000, () -> height(3) >= minHeight(three) - 1 && height(3) >= h1 + 5);

    if (Integer.getInteger("medledger.chaos.minutes", 0) > 0) {
      chaos(Integer.getInteger("medledger.chaos.minutes"));
    }

    // Partition 2 | 2: no side has a quorum, so commits stop, and nothing forks.
    netns.partition(List.of(0, 1), List.of(2, 3));
    Thread.sleep(3_000);
    long[] during = new long[4];
    for (int i = 0; i < 4; i++) {
      during[i] = height(i);
    }
    Thread.sleep(5_000);
    for (int i = 0; i < 4; i++) {
      assertThat(height(i)).as("height of node %d while partitioned 2|2", i).isEqualTo(during[i]);
    }

    // Heal: commits resume within 10 s.
    netns.heal();
    long healedAt = System.currentTimeMillis();
    long top = java.util.Arrays.stream(during).max().orElseThrow();
    await("commits resume on every node after the heal", 10_000, () -> minHeight(all) > top);
    System.out.println("commits resumed " + (System.currentTimeMillis() - healedAt) + " ms after the heal");

    loading.set(false);
    for (Thread t : loaders) {
      t.join(30_000);
    }
    verifyNoForkAndEveryAcknowledgedTransactionCommitted();
  }

  private void chaos(int minutes) throws Exception {
    long seed = Long.getLong("medledger.chaos.seed", System.nanoTime());
    System.out.println("chaos for " + minutes + " min, seed " + seed + " (-Dmedledger.chaos.seed=" + seed + " replays the faults)");
    Random random = new Random(seed);
    long end = System.currentTimeMillis() + minutes * 60_000L;
    while (System.currentTimeMillis() < end) {
      int action = random.nextInt(3);
      int victim = random.nextInt(4);
      System.out.println(java.time.LocalTime.now() + " chaos: " + (action == 0 ? "kill -9 node " + victim
          : action == 1 ? "partition" : "pause"));
      switch (action) {
        case 0 -> {
          kill(victim);
          Thread.sleep(2_000 + random.nextInt(8_000));
          start(victim);
        }
        case 1 -> {
          List<Integer> left = new ArrayList<>(List.of(0, 1, 2, 3));
          java.util.Collections.shuffle(left, random);
          List<Integer> right = new ArrayList<>(left.subList(0, 1 + random.nextInt(2)));
          left.removeAll(right);
          System.out.println(java.time.LocalTime.now() + " chaos: " + left + " | " + right);
          netns.partition(left, right);
          Thread.sleep(2_000 + random.nextInt(8_000));
          netns.heal();
        }
        default -> Thread.sleep(1_000 + random.nextInt(4_000));
      }
      List<Integer> all = List.of(0, 1, 2, 3);
      long h = minHeight(all);
      await("the network recovers from a random fault", 60_000, () -> minHeight(all) > h);
    }
  }

  private void verifyNoForkAndEveryAcknowledgedTransactionCommitted() throws Exception {
    List<Integer> all = List.of(0, 1, 2, 3);
    await("all nodes reach the same height", 60_000, () -> {
      long min = minHeight(all);
      return min >= 0 && all.stream().allMatch(i -> height(i) == min);
    });
    long top = height(0);
    Set<String> chained = new HashSet<>();
    for (long h = 0; h <= top; h++) {
      JsonNode b0 = clients[0].block(h);
      for (int i = 1; i < 4; i++) {
        assertThat(clients[i].block(h).get("hash").asText()).as("block hash at height %d on node %d", h, i)
            .isEqualTo(b0.get("hash").asText());
      }
      if (h > 0) {
        assertThat(b0.get("certificate").get("seals").size()).as("seals at height %d", h).isGreaterThanOrEqualTo(3);
      }
      b0.get("txIds").forEach(id -> chained.add(id.asText()));
    }
    assertThat(acknowledged).isNotEmpty();
    assertThat(chained).containsAll(acknowledged);
    System.out.println(acknowledged.size() + " acknowledged transactions, all in " + (top + 1) + " identical blocks on 4 nodes");
  }
}
