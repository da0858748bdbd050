package org.medledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.node.application.Applications;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.NodeSecrets;
import org.medledger.node.application.Application;
import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.DemoStage;
import org.medledger.node.config.ApiTransport;
import org.medledger.node.config.NodeConfig;

/**
 * The embedded consortium with sample data: two hospitals, an insurer and a regulator; users
 * registered on the ledger; documents anchored through the SDK and through REST; an inclusion
 * proof checked offline; ready-made tokens for the demo users. Everything goes through the same
 * API and SDK a real deployment uses.
 */
final class Demo {
  static final List<String> ORGS = List.of("hospital-a", "hospital-b", "insurer", "regulator");
  /** Members without a validator: a drug maker, a distributor and a pharmacy. */
  static final List<String> SUPPLY_CHAIN = List.of("pharma-co", "dist-co", "pharmacy-1");
  /**
   * The genesis's roles by organisation name (OrganisationRoles), but for the drug maker, which
   * also sponsors clinical trials (its trials office): a member more would change how many votes
   * the governance chapter's majority needs.
   */
  static final List<String> ROLE_GRANTS = List.of("pharma-co=maker+sponsor");
  static final List<NetworkInitializer.User> USERS = List.of(
      new NetworkInitializer.User("hospital-a", "dr-wang", Role.CLINICIAN),
      new NetworkInitializer.User("hospital-a", "patient-1", Role.PATIENT),
      new NetworkInitializer.User("hospital-b", "dr-chen", Role.CLINICIAN),
      new NetworkInitializer.User("insurer", "assessor", Role.INSURER),
      new NetworkInitializer.User("regulator", "inspector", Role.REGULATOR),
      new NetworkInitializer.User("pharma-co", "factory", Role.MAKER),
      new NetworkInitializer.User("dist-co", "warehouse", Role.DISTRIBUTOR),
      new NetworkInitializer.User("pharmacy-1", "pharmacist", Role.PHARMACY),
      new NetworkInitializer.User("pharma-co", "trials-office", Role.SPONSOR));

  private final Path data;
  private final int port;
  private final int p2pPort;
  private final String suite;
  private final PrintStream out;
  /** How long a stop waits for the story to notice it before closing the nodes under it. */
  static final long STORY_STOP_MILLIS = 10_000;
  /** Guarded by {@code this}: a stop (Ctrl-C's hook, --duration) and the story run on different threads. */
  private final List<MedLedgerNode> nodes = new java.util.ArrayList<>();
  private MedLedgerNode node;
  private volatile boolean stopping;
  /** The thread playing the story (inside {@link #start}), or null. */
  private volatile Thread story;

  Demo(Path data, int port, int p2pPort, String suite, PrintStream out) {
    this.data = data;
    this.port = port;
    this.p2pPort = p2pPort;
    this.suite = suite;
    this.out = out;
  }

  MedLedgerNode node() {
    return node;
  }

  /** The running validators, a copy: the list itself changes while the demo starts and stops. */
  synchronized List<MedLedgerNode> nodes() {
    return List.copyOf(nodes);
  }

  /** Whether a stop was asked for: the story then ends with an exception, which is no failure of the demo. */
  boolean stopping() {
    return stopping;
  }

  /**
   * The demo's validators keep their data under {@code nodes/<org>}, not where network init put
   * the applications' network secrets (the drugs' scan place key): each gets them (or, for a
   * network made before one existed, one new secret for all), so that, e.g., a scanner's network
   * is one place through any of them.
   */
  private void shareNetworkSecrets(Path net) throws java.io.IOException {
    Path written = net.resolve(ORGS.get(0)).resolve("node/data/secrets");
    var fresh = NodeSecrets.newNetworkSecrets(java.util.ServiceLoader.load(org.medledger.node.application.Application.class));
    for (var secret : fresh.entrySet()) {
      Path first = written.resolve(secret.getKey());
      byte[] key = Files.exists(first) ? Files.readAllBytes(first) : secret.getValue();
      for (String org : ORGS) {
        Path dataDir = data.resolve("nodes").resolve(org);
        if (!Files.exists(dataDir.resolve("secrets").resolve(secret.getKey()))) {
          NodeSecrets.installNetworkSecret(dataDir, secret.getKey(), key);
        }
      }
    }
  }

  /** Starts the validators and plays the story on the calling thread; a {@link #stop} from another thread ends both. */
  void start() throws Exception {
    story = Thread.currentThread();
    try {
      play();
    } finally {
      story = null;
    }
  }

  private void play() throws Exception {
    Path net = data.resolve("network");
    boolean fresh = !Files.exists(data.resolve("nodes/hospital-a/ledger"));
    if (!Files.exists(net.resolve("genesis.json"))) {
      List<String> members = new java.util.ArrayList<>(ORGS);
      members.addAll(SUPPLY_CHAIN);
      // Governance on (docs/governance.md): the story's last chapter votes changes in.
      new NetworkInitializer(suite, "medledger-demo", members, ORGS, USERS, port, p2pPort, List.of(),
          OrganisationRoles.of(members, ROLE_GRANTS), Clock.systemUTC())
          .withGovernance(org.medledger.core.genesis.GovernanceRules.DEFAULTS).write(net);
      out.println("created a " + suite + " network of 4 validators (" + String.join(", ", ORGS) + ") in " + net);
    } else {
      out.println("reusing the network in " + net);
      for (NetworkInitializer.User u : USERS) {
        if (!Files.exists(net.resolve(u.organisation()).resolve("users").resolve(u.name()))) {
          throw new IllegalStateException("the network in " + net + " has no demo user " + u.name() + " of " + u.organisation()
              + " (an older demo made it); remove " + data + " or choose another --data");
        }
      }
      for (String org : ORGS) {
        if (!Files.exists(net.resolve(org).resolve("node/node.json"))) {
          throw new IllegalStateException("the network in " + net + " has no validator for " + org
              + " (an older demo made it with one validator); remove " + data + " or choose another --data");
        }
        if (!NodeConfig.read(net.resolve(org).resolve("node/node.json")).apiTransport().isTls()) {
          throw new IllegalStateException("the network in " + net + " has no API certificate for " + org
              + " (an older demo made it before the API served HTTPS); remove " + data + " or choose another --data");
        }
      }
    }
    shareNetworkSecrets(net);
    for (int i = 0; i < ORGS.size(); i++) {
      String org = ORGS.get(i);
      NodeConfig cfg = NodeConfig.read(net.resolve(org).resolve("node/node.json")).withApiPort(port + i)
          .withDataDir(data.resolve("nodes").resolve(org));
      if (!NodeSecrets.createMissing(cfg.dataDir(), true, Applications.onClassPath().all()).isEmpty()) {
        out.println("created " + org + "'s node secrets (token key, the wallet's sealing key, the applications' own keys) in "
            + cfg.dataDir().resolve("secrets"));
      }
      // This run's ports, not the ones the network was made with: links name the address served.
      cfg = cfg.withApiTransport(ApiTransport.tls(cfg.apiTransport().tlsCertificate(), cfg.apiTransport().tlsPrivateKey()));
      // The demo is development: its portal lets a pasted API token sign in (ui.tokenSignIn).
      cfg = cfg.withPortalTokenSignIn(true);
      startAndKeep(cfg);
    }
    // The validator a first run voted in (the governance chapter): its folder is the organisation's like the others'.
    Path joined = net.resolve(DemoGovernance.NEW_MEMBER).resolve("node/node.json");
    if (!fresh && Files.exists(joined)) {
      NodeConfig cfg = NodeConfig.read(joined);
      startAndKeep(cfg.withApiTransport(ApiTransport.tls(cfg.apiTransport().tlsCertificate(), cfg.apiTransport().tlsPrivateKey()))
          .withPortalTokenSignIn(true));
    }
    List<MedLedgerNode> nodes = nodes();
    node = nodes.get(0);
    awaitLinks();
    CryptoSuite cs = node.genesis().cryptoSuite();
    String chainId = node.genesis().chainId();
    out.println("consortium chain " + chainId + " (suite " + cs.id() + ", Tendermint BFT, f = "
        + node.genesis().maxFaulty() + ") at height " + node.ledger().height() + "; validators on mutual TLS:");
    for (MedLedgerNode n : nodes) {
      out.println("  " + pad(n.config().nodeName()) + " API https://127.0.0.1:" + n.apiPort() + "/v1   peers on port " + n.p2pPort());
    }
    String api = "https://127.0.0.1:" + node.apiPort();
    String apiB = "https://127.0.0.1:" + nodes.get(1).apiPort();
    // The SDK believes only a server certificate a genesis CA issued for 127.0.0.1.
    ApiServerTrust trust = ApiServerTrust.of(node.genesis());

    Map<String, Path> identities = new LinkedHashMap<>();
    for (String org : ORGS) {
      identities.put(org + "-admin", net.resolve(org).resolve("users/admin"));
    }
    for (NetworkInitializer.User u : USERS) {
      identities.put(u.name(), net.resolve(u.organisation()).resolve("users").resolve(u.name()));
    }
    Map<String, String> tokens = new LinkedHashMap<>();
    Map<String, ClientIdentity> loaded = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : identities.entrySet()) {
      ClientIdentity id = ClientIdentity.load(cs, e.getValue());
      loaded.put(e.getKey(), id);
      // Each organisation's people use their own organisation's node; gossip carries the rest.
      int via = e.getKey().startsWith("hospital-b") || e.getKey().equals("dr-chen") ? 1 : 0;
      // A login signs only a challenge naming the node it means to reach (issue 20 finding 6).
      MedLedgerClient c = new MedLedgerClient(via == 1 ? apiB : api, trust).expectingNode(nodeCertificateId(nodes.get(via)));
      tokens.put(e.getKey(), c.login(id));
      if (fresh) {
        JsonNode r = c.submit(new TransactionBuilder(id, chainId, Clock.systemUTC()).registerSelf(), true);
        out.println("  " + pad(e.getKey()) + " registers certificate " + id.certificateId().hex().substring(0, 16) + "… " + org.medledger.node.application.DemoText.describe(r));
      }
    }
    tokens.put("regulator", tokens.get("inspector"));

    // The story, chapter by chapter in story order (DemoChapter.storyOrder): notary, health, insurance, credentials, care,
    // trials, drugs, device safety.
    DemoStage stage = new Stage(cs, chainId, loaded, tokens, List.of(api, apiB), trust, net.resolve("genesis.json"), fresh);
    record Part(int order, String application, String title, DemoChapter chapter) {}
    List<Part> story = new java.util.ArrayList<>();
    for (Application application : node.applications()) {
      for (DemoChapter chapter : application.demoChapters()) {
        story.add(new Part(chapter.storyOrder(), application.name(), chapter.title(), chapter));
      }
    }
    story.sort(java.util.Comparator.comparingInt(Part::order).thenComparing(Part::application));
    for (Part part : story) {
      if (stopping) {
        throw new InterruptedException("the demo was stopped during its story");
      }
      try {
        part.chapter().play(stage);
      } catch (Exception e) {
        if (stopping) {
          // Stopped mid-chapter (Demo.stop interrupts the story): a stop, not a failure.
          throw new InterruptedException("the demo was stopped during its story");
        }
        throw new IllegalStateException("the demo's " + part.application() + " chapter (" + part.title() + ") failed: "
            + e.getMessage(), e);
      }
    }

    if (stopping) {
      throw new InterruptedException("the demo was stopped during its story");
    }
    if (!fresh) {
      out.println("governance: the votes (a second insurer and its validator, a rotated certificate, the block interval)"
          + " were played on this network's first run; see " + data.resolve("sample-governance-receipt.json"));
    } else if (node.genesis().governance().isEmpty()) {
      out.println("governance: off in this network's genesis (an older demo made it); remove " + data + " to see it");
    } else {
      try {
        new DemoGovernance(net, data, cs, chainId, nodes, loaded, tokens, api, apiB, trust, out,
            this::startAndKeep, p2pPort + ORGS.size() + 1, p2pPort + ORGS.size()).play();
      } catch (Exception e) {
        if (stopping) {
          throw new InterruptedException("the demo was stopped during its story");
        }
        throw new IllegalStateException("the demo's governance chapter failed: " + e.getMessage(), e);
      }
    }

    Path tokenFile = data.resolve("demo-tokens.json");
    Files.writeString(tokenFile, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tokens));
    try {
      Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Non-POSIX file system.
    }
    out.println("bearer tokens for the demo users: " + tokenFile);
    out.println("try: curl -s --cacert " + net.resolve("hospital-a/ca/cert.pem") + " -H \"Authorization: Bearer $(jq -r '.\"hospital-a-admin\"' "
        + tokenFile + ")\" " + api + "/v1/blocks/latest" + (cs.id().equals("intl") ? "" : "   (curl cannot check an SM2 CA's signature)"));
    out.println("API description: " + api + "/v1/openapi.json   health: " + api + "/v1/health");
    out.println("web portal: " + api + "/ui   (the browser must trust " + net.resolve("hospital-a/ca/cert.pem")
        + "); sign in with a certificate and key file, or paste a token from " + tokenFile + " (development sign-in,"
        + " on for the demo)   drug check: " + api + "/ui/drugs/check");
  }

  /** The running consortium as the applications' demo chapters see it. */
  private final class Stage implements DemoStage {
    private final CryptoSuite suite;
    private final String chainId;
    private final Map<String, ClientIdentity> identities;
    private final Map<String, String> tokens;
    private final List<String> apiUrls;
    private final ApiServerTrust trust;
    private final Path genesisFile;
    private final boolean fresh;

    Stage(CryptoSuite suite, String chainId, Map<String, ClientIdentity> identities, Map<String, String> tokens,
        List<String> apiUrls, ApiServerTrust trust, Path genesisFile, boolean fresh) {
      this.suite = suite;
      this.chainId = chainId;
      this.identities = java.util.Collections.unmodifiableMap(identities);
      this.tokens = java.util.Collections.unmodifiableMap(tokens);
      this.apiUrls = List.copyOf(apiUrls);
      this.trust = trust;
      this.genesisFile = genesisFile;
      this.fresh = fresh;
    }

    @Override
    public CryptoSuite suite() {
      return suite;
    }

    @Override
    public String chainId() {
      return chainId;
    }

    @Override
    public Map<String, ClientIdentity> identities() {
      return identities;
    }

    @Override
    public Map<String, String> tokens() {
      return tokens;
    }

    @Override
    public List<String> apiUrls() {
      return apiUrls;
    }

    @Override
    public ApiServerTrust trust() {
      return trust;
    }

    @Override
    public Path dataDir() {
      return data;
    }

    @Override
    public PrintStream out() {
      return out;
    }

    @Override
    public List<MedLedgerNode> nodes() {
      return List.copyOf(nodes);
    }

    @Override
    public Path genesisFile() {
      return genesisFile;
    }

    @Override
    public boolean freshNetwork() {
      return fresh;
    }
  }

  /** Starts a validator and keeps it among the demo's nodes; a stop asked meanwhile closes it again. */
  private MedLedgerNode startAndKeep(NodeConfig cfg) throws Exception {
    MedLedgerNode started = MedLedgerNode.start(cfg);
    synchronized (this) {
      if (stopping) {
        started.close();
        throw new InterruptedException("the demo was stopped while its nodes started");
      }
      nodes.add(started);
    }
    return started;
  }

  /** The node certificate id a login at {@code n} must see named in its challenge. */
  private static String nodeCertificateId(MedLedgerNode n) throws IOException {
    return org.medledger.crypto.x509.CertificateId.of(n.genesis().cryptoSuite().hash(),
        org.medledger.crypto.x509.Pem.parseCertificate(Files.readString(n.config().certificate()))).hex();
  }

  static String fingerprint(CryptoSuite cs, String content) {
    return org.medledger.node.application.DemoText.fingerprint(cs, content);
  }

  private static String pad(String s) {
    return String.format("%-18s", s);
  }

  /** Waits (a few seconds at most) until every validator is linked to the three others. */
  private void awaitLinks() {
    long deadline = System.currentTimeMillis() + 15_000;
    List<MedLedgerNode> nodes = nodes();
    while (System.currentTimeMillis() < deadline) {
      if (nodes.stream().allMatch(n -> n.connectedPeers() >= nodes.size() - 1)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    out.println("warning: not every validator is linked to all others yet; consensus needs 3 of 4");
  }

  /**
   * Stops the story first, then the nodes; callable from any thread, any number of times (Ctrl-C's
   * hook and the story's own failure may both call it), and bounded: the story gets {@link
   * #STORY_STOP_MILLIS} to notice its interrupt before the nodes close under it. Only the first
   * call does the work; a later one returns at once, so the story's thread never waits for a stop
   * that is waiting for it.
   */
  void stop() {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
    }
    Thread playing = story;
    if (playing != null && playing != Thread.currentThread()) {
      playing.interrupt();
      try {
        playing.join(STORY_STOP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<MedLedgerNode> running;
    synchronized (this) {
      running = List.copyOf(nodes);
      nodes.clear();
    }
    for (MedLedgerNode n : running) {
      try {
        n.close();
      } catch (RuntimeException e) {
        out.println("warning: " + n.config().nodeName() + " did not close cleanly: " + e.getMessage());
      }
    }
  }
}
