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
 * clock, a ledger backup and a restart on it, and the links between namespaces. Nodes 0 to
 * size - 1 are the validators; nodes from size on are full nodes (made as docs/deploy.md section
 * 11 says: registered by their organisation's admin, dialling every validator). Namespaces: the
 * validators', then one for a twin, then the full nodes'.
 */
final class ChaosCluster implements AutoCloseable {
  private static final int API_PORT = 8080;
  /**
   * How long a node may take to serve its API after its start: a bound, not a wait. Generous
   * because four JVMs start at once on two cores that other builds share (over 2 minutes seen
   * at load average 30).
   */
  private static final long START_MILLIS = 300_000;

  private final Path dir;
  private final Path net;
  private final int size;
  private final int fullNodes;
  private final Netns netns;
  private final Process[] nodes;
  /** The second process of a twinned validator, or null. */
  private Process twin;
  /** The validator {@link #twin} has the key of. */
  private int twinOf = -1;
  /** Where the running twin's lines begin in its log. */
  private int twinLogStart;
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

  ChaosCluster(Path dir, int size, int fullNodes) throws Exception {
    this.dir = dir;
    this.size = size;
    this.fullNodes = fullNodes;
    this.net = dir.resolve("net");
    this.nodes = new Process[size + fullNodes];
    this.clients = new MedLedgerClient[size + fullNodes];
    // One namespace beyond the validators' holds a twin (Perturbation.Twin) when a manifest runs one.
    this.netns = Netns.forThisRun("mlch", "10.78", size + 1 + fullNodes);
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
      awaitApi(0, size);
      for (int i = size; i < size + fullNodes; i++) {
        setUpFullNode(i);
        start(i, 0);
      }
      awaitApi(size, size + fullNodes);
    } catch (Exception | AssertionError e) {
      close();
      throw e;
    }
  }

  /** The validators. */
  int size() {
    return size;
  }

  /** Validators and full nodes. */
  int nodeCount() {
    return size + fullNodes;
  }

  private void awaitApi(int from, int to) throws InterruptedException {
    for (int i = from; i < to; i++) {
      int n = i;
      ChaosRun.await("node " + i + " (" + name(i) + ") serves its API", START_MILLIS, () -> {
        try {
          login(n);
          return true;
        } catch (RuntimeException e) {
          return false;
        }
      });
    }
  }

  /** Node {@code i}'s namespace: the validators' first, then the twin's, then the full nodes'. */
  private int namespaceOf(int i) {
    return i < size ? i : i + 1;
  }

  /** The organisation of node {@code i}: full node k is validator k's (mod the validators). */
  private String organisationOf(int i) {
    return ChaosManifest.ORGANISATIONS.get(i < size ? i : (i - size) % size);
  }

  /** A validator's organisation; a full node's name ({@code <organisation>-full-<k>}). */
  String name(int i) {
    return i < size ? organisationOf(i) : organisationOf(i) + "-full-" + (i - size);
  }

  /**
   * Makes full node {@code i} as an operator would (docs/deploy.md, section 11): its node
   * certificate issued by its organisation's CA and registered on the ledger by the admin
   * ({@code user add --role node --api-host}), a node.json with "role": "full" and every
   * validator as a peer, its own secrets ({@code node secrets}) and the network's shared ones
   * copied from its organisation's validator.
   */
  private void setUpFullNode(int i) throws Exception {
    String organisation = organisationOf(i);
    int validator = ChaosManifest.ORGANISATIONS.indexOf(organisation);
    String ip = netns.ip(namespaceOf(i));
    Path out = config(i).getParent();
    Path addLog = dir.resolve(name(i) + "-user-add.log");
    Process add = Processes.medledger(addLog, "user", "add", "--api", "https://" + netns.ip(validator) + ":" + (API_PORT + validator),
        "--genesis", net.resolve("genesis.json").toString(), "--admin", net.resolve(organisation + "/users/admin").toString(),
        "--ca", net.resolve(organisation + "/ca").toString(), "--name", name(i), "--role", "node", "--api-host", ip,
        "--out", out.toString()).start();
    if (!add.waitFor(120, TimeUnit.SECONDS) || add.exitValue() != 0) {
      throw new IllegalStateException("registering full node " + name(i) + " failed: " + Files.readString(addLog));
    }
    NodeConfig own = NodeConfig.read(config(validator));
    List<org.medledger.network.PeerAddress> peers = new ArrayList<>();
    for (int v = 0; v < size; v++) {
      NodeConfig c = NodeConfig.read(config(v));
      peers.add(new org.medledger.network.PeerAddress(c.nodeName(), c.p2pHost(), c.p2pPort()));
    }
    new NodeConfig(name(i), own.organisation(), own.genesis(), out.resolve("data"), out.resolve("cert.pem"), out.resolve("key.pem"),
        ip, API_PORT + i, ip, own.p2pPort(), peers, null, null, own.consensusTimeouts(), own.heartbeatMillis(), 0,
        org.medledger.node.config.ApiTransport.tls(out.resolve("api/cert.pem"), out.resolve("api/key.pem")), false,
        org.medledger.node.config.NodeRole.FULL, false).write(config(i));
    Path secretsLog = dir.resolve(name(i) + "-secrets.log");
    Process secrets = Processes.medledger(secretsLog, "node", "secrets", "--config", config(i).toString()).start();
    if (!secrets.waitFor(120, TimeUnit.SECONDS) || secrets.exitValue() != 0) {
      throw new IllegalStateException("node secrets for " + name(i) + " failed: " + Files.readString(secretsLog));
    }
    // The network's shared secrets (the applications' keys every node of the network holds): its own are made above.
    Path theirs = own.dataDir().resolve("secrets");
    Path mine = out.resolve("data/secrets");
    try (Stream<Path> files = Files.list(theirs)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = mine.resolve(f.getFileName().toString());
        if (Files.isRegularFile(f) && !Files.exists(target)) {
          Files.copy(f, target);
        }
      }
    }
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
    return organisationOf(i);
  }

  private Path config(int i) {
    return i < size ? net.resolve(org(i)).resolve("node/node.json") : net.resolve(name(i)).resolve("node.json");
  }

  Path log(int i) {
    return dir.resolve(name(i) + ".log");
  }

  /** Starts node {@code i} with its clock {@code skewMillis} off the host's. */
  synchronized void start(int i, long skewMillis) throws IOException {
    List<String> jvm = skewMillis == 0 ? List.of() : List.of("-Dmedledger.clock.skewMillis=" + skewMillis);
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns.ns(namespaceOf(i))));
    cmd.addAll(Processes.medledger(null, jvm, "node", "start", "--config", config(i).toString()).command());
    Files.writeString(log(i), "---- chaos: start" + (skewMillis == 0 ? "" : " with the clock " + skewMillis + " ms off") + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    nodes[i] = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log(i).toFile())).start();
  }

  /** The namespace a twin runs in: the one after the validators'. */
  int twinNamespace() {
    return size;
  }

  Path twinLog(int i) {
    return dir.resolve(org(i) + "-twin.log");
  }

  /**
   * Starts a second process with node {@code i}'s key (Twins on real processes): node {@code i}
   * is stopped (SIGTERM) so its data folder is whole, the folder is copied for the twin, node
   * {@code i} is started again, and the twin is started in {@link #twinNamespace} on its own
   * address, with node {@code i}'s node.json but its own data folder. From here on two
   * processes sign with one key, each from its own view. Nothing in the node's code changes.
   */
  synchronized void startTwin(int i) throws IOException, InterruptedException {
    if (twin != null) {
      throw new IllegalStateException("a twin is already running");
    }
    Path twinData = dir.resolve("twin-" + org(i));
    stop(i);
    deleteTree(twinData);
    copyTree(dataDir(i), twinData);
    start(i, 0);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config(i).toFile());
    config.put("dataDir", twinData.toAbsolutePath().toString());
    ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("api")).put("host", netns.ip(twinNamespace()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("p2p")).put("host", netns.ip(twinNamespace()));
    // Beside the node's own node.json, so its relative paths (genesis, key, certificates) are the node's.
    Path twinConfig = config(i).resolveSibling("twin-node.json");
    json.writerWithDefaultPrettyPrinter().writeValue(twinConfig.toFile(), config);
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns.ns(twinNamespace())));
    cmd.addAll(Processes.medledger(null, List.of(), "node", "start", "--config", twinConfig.toString()).command());
    Files.writeString(twinLog(i), "---- chaos: twin of " + org(i) + " starts on a copy of its data folder\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    twinOf = i;
    twinLogStart = Files.readString(twinLog(i)).length();
    twin = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(twinLog(i).toFile())).start();
  }

  /** kill -9 of the twin. */
  synchronized void killTwin() throws InterruptedException {
    Process p = twin;
    twin = null;
    if (p != null) {
      p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** Whether the twin has said it serves (its log's start line): it has opened its copy and linked. */
  boolean twinServing() {
    Path log = twinLog(twinOf);
    try {
      // Only what this twin wrote: a manifest may twin one validator more than once, into one log.
      return twinRunning() && Files.exists(log) && Files.readString(log).substring(twinLogStart).contains("serving chain");
    } catch (IOException e) {
      return false;
    }
  }

  boolean twinRunning() {
    Process p = twin;
    return p != null && p.isAlive();
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
    String url = "https://" + netns.ip(namespaceOf(i)) + ":" + (API_PORT + i);
    MedLedgerClient c = i < size ? new MedLedgerClient(url, trust) : fullNodeClient(i, url);
    clients[i] = c.withToken(c.login(admin));
  }

  /**
   * A full node's API certificate names no genesis validator, so a login must name the node it
   * signs for (the CLI's --expect-node with its cert.pem): its node certificate's id, and only its
   * organisation's server certificates trusted.
   */
  private MedLedgerClient fullNodeClient(int i, String url) {
    try {
      java.security.cert.X509Certificate cert = org.medledger.crypto.x509.Pem.parseCertificate(
          Files.readString(config(i).resolveSibling("cert.pem")));
      String id = org.medledger.crypto.x509.CertificateId.of(org.medledger.crypto.CryptoSuites.intl(), cert).hex();
      return new MedLedgerClient(url, trust.onlyOrganisation(organisationOf(i))).expectingNode(id);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading full node " + name(i) + "'s certificate", e);
    }
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

  /**
   * Every record of evidence the chain holds (up to 500). The count comes from node 0's health,
   * which anyone may read; the records, naming each validator, only from the regulators' route,
   * so when there are any a regulator-role user is registered once (as an operator would: {@code
   * user add --role regulator} by the regulator's admin) and reads them at the regulator's node.
   */
  JsonNode committedEvidence() throws Exception {
    long count = call(0, 30_000, MedLedgerClient::health).path("committedEvidence").path("count").asLong();
    if (count == 0) {
      com.fasterxml.jackson.databind.node.ObjectNode none = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
      none.put("count", 0);
      none.putArray("evidence");
      return none;
    }
    int regulator = ChaosManifest.ORGANISATIONS.indexOf("regulator");
    ClientIdentity who = ClientIdentity.load(org.medledger.crypto.CryptoSuites.intl(), regulatorUser());
    MedLedgerClient c = new MedLedgerClient("https://" + netns.ip(regulator) + ":" + (API_PORT + regulator), trust);
    CompletableFuture<JsonNode> f = CompletableFuture.supplyAsync(() -> c.withToken(c.login(who))
        .get("/v1/consensus/evidence?limit=500"), calls);
    return f.get(30, TimeUnit.SECONDS);
  }

  /** The folder of a regulator-role user of the regulator organisation, registered on first use. */
  private synchronized Path regulatorUser() throws Exception {
    Path folder = dir.resolve("chaos-regulator");
    if (Files.exists(folder.resolve("key.pem"))) {
      return folder;
    }
    int regulator = ChaosManifest.ORGANISATIONS.indexOf("regulator");
    Path addLog = dir.resolve("chaos-regulator-user-add.log");
    Process add = Processes.medledger(addLog, "user", "add", "--api", "https://" + netns.ip(regulator) + ":" + (API_PORT + regulator),
        "--genesis", net.resolve("genesis.json").toString(), "--admin", net.resolve("regulator/users/admin").toString(),
        "--ca", net.resolve("regulator/ca").toString(), "--name", "chaos-regulator", "--role", "regulator",
        "--out", folder.toString()).start();
    if (!add.waitFor(120, TimeUnit.SECONDS) || add.exitValue() != 0) {
      add.destroyForcibly();
      throw new IllegalStateException("registering a regulator-role user failed: " + Files.readString(addLog));
    }
    return folder;
  }

  String organisation(int i) {
    return org(i);
  }

  JsonNode health(int i) throws Exception {
    return call(i, 10_000, MedLedgerClient::health);
  }

  @Override
  public void close() throws Exception {
    for (int i = 0; i < nodeCount(); i++) {
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
    killTwin();
    calls.shutdownNow();
    netns.close();
    // Keep the node logs where CI and people can read them after the temporary folder is gone.
    Path keep = Path.of("target", "chaos-logs");
    Files.createDirectories(keep);
    for (int i = 0; i < nodeCount(); i++) {
      for (Path log : List.of(log(i), twinLog(i))) {
        if (Files.exists(log)) {
          Files.copy(log, keep.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
