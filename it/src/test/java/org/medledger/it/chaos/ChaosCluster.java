package org.medledger.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.medledger.client.ApiException;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.it.Netns;
import org.medledger.it.Processes;
import org.medledger.node.config.NodeConfig;

/**
 * The validators of `network init` as real processes, each in its own network namespace, with
 * what a perturbation does to one: kill -9, SIGTERM, SIGSTOP/SIGCONT, a start with a skewed
 * clock, a ledger backup and a restart on it, and the links between namespaces.
 */
final class ChaosCluster implements AutoCloseable {
  private static final int API_PORT = 8080;

  private final Path dir;
  private final Path net;
  private final int size;
  private final Netns netns;
  private final Process[] nodes;
  private final MedLedgerClient[] clients;
  private final ApiServerTrust trust;
  private final ClientIdentity admin;
  private final String chainId;
  /** Answers from a paused or cut-off node never block a caller longer than a few seconds. */
  private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "chaos-call");
    t.setDaemon(true);
    return t;
  });

  ChaosCluster(Path dir, int size) throws Exception {
    this.dir = dir;
    this.size = size;
    this.net = dir.resolve("net");
    this.nodes = new Process[size];
    this.clients = new MedLedgerClient[size];
    this.netns = Netns.forThisRun("mlch", "10.78", size);
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      hosts.add(netns.ip(i));
    }
    Process init = Processes.medledger(dir.resolve("init.log"), "network", "init", "--orgs",
        String.join(",", ChaosManifest.ORGANISATIONS.subList(0, size)), "--out", net.toString(), "--hosts", String.join(",", hosts))
        .start();
    if (!init.waitFor(120, TimeUnit.SECONDS) || init.exitValue() != 0) {
      throw new IllegalStateException("network init failed: " + Files.readString(dir.resolve("init.log")));
    }
    this.trust = ApiServerTrust.read(net.resolve("genesis.json"));
    this.admin = ClientIdentity.load(org.medledger.crypto.CryptoSuites.intl(), net.resolve("hospital-a/users/admin"));
    this.chainId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(net.resolve("genesis.json").toFile()).get("chainId").asText();
    try {
      for (int i = 0; i < size; i++) {
        start(i, 0);
      }
      for (int i = 0; i < size; i++) {
        int n = i;
        ChaosRun.await("node " + i + " serves its API", 120_000, () -> {
          try {
            login(n);
            return true;
          } catch (RuntimeException e) {
            return false;
          }
        });
      }
    } catch (Exception | AssertionError e) {
      close();
      throw e;
    }
  }

  int size() {
    return size;
  }

  ClientIdentity admin() {
    return admin;
  }

  String chainId() {
    return chainId;
  }

  Netns netns() {
    return netns;
  }

  private String org(int i) {
    return ChaosManifest.ORGANISATIONS.get(i);
  }

  private Path config(int i) {
    return net.resolve(org(i)).resolve("node/node.json");
  }

  Path log(int i) {
    return dir.resolve(org(i) + ".log");
  }

  /** Starts node {@code i} with its clock {@code skewMillis} off the host's. */
  synchronized void start(int i, long skewMillis) throws IOException {
    List<String> jvm = skewMillis == 0 ? List.of() : List.of("-Dmedledger.clock.skewMillis=" + skewMillis);
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns.ns(i)));
    cmd.addAll(Processes.medledger(null, jvm, "node", "start", "--config", config(i).toString()).command());
    Files.writeString(log(i), "---- chaos: start" + (skewMillis == 0 ? "" : " with the clock " + skewMillis + " ms off") + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    nodes[i] = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log(i).toFile())).start();
  }

  boolean running(int i) {
    Process p = nodes[i];
    return p != null && p.isAlive();
  }

  /** kill -9. */
  void kill(int i) throws InterruptedException {
    Process p = nodes[i];
    nodes[i] = null;
    if (p != null) {
      p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM: the node closes its store and links itself (kill -9 if it takes over a minute). */
  void stop(int i) throws InterruptedException {
    Process p = nodes[i];
    nodes[i] = null;
    if (p != null) {
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /** SIGSTOP ({@code true}) or SIGCONT. */
  void pause(int i, boolean stop) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", Long.toString(nodes[i].pid())).redirectErrorStream(true).start();
    k.getInputStream().readAllBytes();
    if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
      throw new IOException("kill " + (stop ? "-STOP" : "-CONT") + " " + nodes[i].pid() + " failed");
    }
  }

  Path dataDir(int i) throws IOException {
    return NodeConfig.read(config(i)).dataDir();
  }

  /** With node {@code i} stopped: copies its ledger (not its consensus folder, which keeps its votes). */
  Path backUpLedger(int i) throws IOException {
    Path backup = dir.resolve("backup-" + org(i));
    deleteTree(backup);
    copyTree(dataDir(i).resolve("ledger"), backup);
    return backup;
  }

  /** With node {@code i} stopped: its ledger replaced by {@code backup}; every other file stays. */
  void restoreLedger(int i, Path backup) throws IOException {
    Path ledger = dataDir(i).resolve("ledger");
    deleteTree(ledger);
    copyTree(backup, ledger);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }

  private synchronized void login(int i) {
    MedLedgerClient c = new MedLedgerClient("https://" + netns.ip(i) + ":" + (API_PORT + i), trust);
    clients[i] = c.withToken(c.login(admin));
  }

  /** Node {@code i}'s client, logged in; null while the node is down. */
  MedLedgerClient client(int i) {
    return running(i) ? clients[i] : null;
  }

  /**
   * {@code call} against node {@code i} within {@code timeoutMillis}, logging in again once if its
   * token was refused (tokens last 15 minutes; a restored node may have rotated nothing, but a
   * long run outlives them). Throws on any failure or timeout.
   */
  <T> T call(int i, long timeoutMillis, Function<MedLedgerClient, T> call) throws Exception {
    MedLedgerClient c = clients[i];
    if (c == null || !running(i)) {
      throw new IllegalStateException("node " + i + " is down");
    }
    CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
      for (int attempt = 0; ; attempt++) {
        try {
          return call.apply(clients[i]);
        } catch (ApiException e) {
          if (e.status() == 401 && attempt == 0) {
            login(i);
          } else if (e.status() == 429 && attempt < 100) {
            // The audit reads many state receipts in a burst: the node's per-certificate limit says wait.
            pauseQuietly(50);
          } else {
            throw e;
          }
        }
      }
    }, calls);
    try {
      return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  private static void pauseQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Node {@code i}'s height, or -1 when it does not answer within 3 s. */
  long height(int i) {
    try {
      return call(i, 3_000, c -> c.health().get("height").asLong());
    } catch (Exception e) {
      return -1;
    }
  }

  JsonNode health(int i) throws Exception {
    return call(i, 10_000, MedLedgerClient::health);
  }

  @Override
  public void close() throws Exception {
    for (int i = 0; i < size; i++) {
      Process p = nodes[i];
      if (p != null) {
        try {
          pause(i, false);
        } catch (IOException ignored) {
          // Already gone.
        }
        p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
    calls.shutdownNow();
    netns.close();
    // Keep the node logs where CI and people can read them after the temporary folder is gone.
    Path keep = Path.of("target", "chaos-logs");
    Files.createDirectories(keep);
    for (int i = 0; i < size; i++) {
      if (Files.exists(log(i))) {
        Files.copy(log(i), keep.resolve(log(i).getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
