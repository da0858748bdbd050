package org.medledger.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.membership.LedgerCallerResolver;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.state.SparseMerkleStateCommitment;
import org.medledger.node.admission.Admission;
import org.medledger.node.api.ApiServer;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationLifecycle;
import org.medledger.node.application.Applications;
import org.medledger.node.application.NodeApplicationContext;
import org.medledger.node.application.NodeIdentity;
import org.medledger.node.application.NodePreparationContext;
import org.medledger.node.auth.ChallengeService;
import org.medledger.node.auth.TokenService;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.membership.LedgerCertificateAuthenticator;
import org.medledger.node.membership.LedgerSenderDirectory;
import org.medledger.node.mempool.Mempool;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.Ordering;
import org.medledger.node.ordering.SoloOrdering;
import org.medledger.node.bft.BftOrdering;
import org.medledger.network.PeerAddress;
import org.medledger.network.PeerCheck;
import org.medledger.network.TlsTransport;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.storage.RocksLedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: store, ledger, mempool, ordering and API, and the applications its genesis
 * names (found on the class path, {@link Applications}), started and stopped together.
 */
public final class MedLedgerNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MedLedgerNode.class);
  /** Short: a token is re-checked on every request anyway, and a client refreshes it (POST /v1/auth/refresh). */
  private static final long TOKEN_LIFETIME_MILLIS = 15L * 60 * 1000;

  private final NodeConfig config;
  private final Genesis genesis;
  private final Membership membership;
  private final org.medledger.node.vault.VaultService vault;
  private final NodeKeys keys;
  private final Ledger ledger;
  private final Mempool mempool;
  private final Admission admission;
  private final CommitWaiters waiters;
  private final Ordering ordering;
  /** The validator set in force at each height, as the ledger fixed it: consensus, checks and status read it. */
  private final org.medledger.node.bft.LedgerValidatorSchedule validatorSchedule;
  private final TlsTransport transport;
  /** Dials the validators the ledger gives an address for (voted in with one); null without peers. */
  private org.medledger.node.membership.LedgerPeerLinks ledgerLinks;
  /** Who may link: validators, and members' registered full nodes as followers; null without peers. */
  private org.medledger.node.membership.FullNodePeerCheck peers;
  /** The next block's validators this node reaches: health and metrics alike. */
  private final org.medledger.node.membership.ValidatorReach reach;
  private final TokenService tokens;
  private final org.medledger.node.refusals.RefusalLog refusalLog;
  private final org.medledger.node.refusals.RefusalAnchorer refusalAnchors;
  private final ApiServer api;
  private final ApplicationLifecycle applications;
  private final org.medledger.node.metrics.NodeMetrics metrics;
  /** The release this build is, as {@code medledger --version} says it (medledger_build_info). */
  public static final String RELEASE = "0.1.0";

  private final Release release;

  private MedLedgerNode(NodeConfig config, Clock clock, char[] walletPassphrase, Release release) throws IOException {
    this.config = config;
    this.release = release;
    // Before anything is opened: a node that would serve the API in clear off loopback never starts.
    config.apiTransport().bindingProblem(config.apiHost()).ifPresent(problem -> {
      throw new IllegalArgumentException("node " + config.nodeName() + " does not start: " + problem);
    });
    this.genesis = GenesisJson.read(Files.readString(config.genesis()));
    // Before anything is opened: a release that does not run the protocol version the genesis
    // starts the chain at never starts (the same refusal, and exit code, as a passed upgrade's).
    var unrunnable = org.medledger.node.ordering.UpgradeGate.startRefusal(release, genesis.protocolVersion());
    if (unrunnable.isPresent()) {
      LOG.error("node {} does not start: {}", config.nodeName(), unrunnable.get().getMessage());
      throw unrunnable.get();
    }
    this.membership = new Membership(genesis);
    // Before anything is opened: a node lacking an application its genesis names never starts.
    Applications shipped = Applications.onClassPath();
    this.applications = new ApplicationLifecycle(shipped.forChain(genesis), config.dataDir());
    this.keys = NodeKeys.load(genesis.cryptoSuite(), config.certificate(), config.privateKey());
    // Apart from the signing key: what custodians wrap data keys to, certified in the genesis.
    // A validator voted in after the genesis has none the genesis certifies: the vault reads the one
    // its passed proposal certified once the ledger holds it (LedgerEncryptionKey).
    NodeEncryptionKey encryptionKey = NodeEncryptionKey.certifiedByGenesis(genesis, keys.certificate())
        ? NodeEncryptionKey.load(genesis, keys.certificate(), NodeEncryptionKey.fileFor(config.privateKey()))
        : null;
    // Secrets first: a node missing one it needs refuses to start before it opens anything.
    Files.createDirectories(config.dataDir());
    NodeSecrets secrets = new NodeSecrets(config.dataDir());
    byte[] tokenKey = secrets.apiTokenKey();
    applications.prepare(a -> new NodePreparationContext(genesis, secrets, applications.dataDirOf(a), walletPassphrase));
    ContractRegistry contracts = shipped.contracts(membership);
    BlockExecutor executor = new BlockExecutor(contracts, genesis.cryptoSuite().hash(),
        new LedgerCallerResolver(membership),
        state -> org.medledger.core.governance.Consortium.parameters(genesis, state));
    CommitCertificateVerifier certificates = new CommitCertificateVerifier(genesis);
    Files.createDirectories(config.dataDir());
    RocksLedgerStore store = RocksLedgerStore.open(config.dataDir().resolve("ledger"));
    this.ledger = Ledger.open(store, genesis, executor,
        new SparseMerkleStateCommitment(genesis.cryptoSuite().hash()), certificates::problemAt)
        .retainStateFor(config.stateRetentionBlocks());
    // A release that does not run the protocol the chain requires from its next height (the
    // genesis's starting version, or a passed upgrade's) goes no further.
    org.medledger.node.ordering.UpgradeGate upgradeGate = new org.medledger.node.ordering.UpgradeGate(release,
        genesis.protocolVersion(), ledger::state);
    var refusal = upgradeGate.refusalAt(ledger.height() + 1);
    if (refusal.isPresent()) {
      LOG.error("node {} does not start at height {}: {}", config.nodeName(), ledger.height(), refusal.get().getMessage());
      closeRefused(ledger);
      throw refusal.get();
    }
    this.validatorSchedule = new org.medledger.node.bft.LedgerValidatorSchedule(genesis, ledger::state);
    // Refused requests for health data: the node's own record, beside the ledger and never on it (docs/security.md).
    this.refusalLog = new org.medledger.node.refusals.RefusalLog(store.nodeLocal(), genesis.cryptoSuite().hash(), clock,
        config.refusalLog().retainEntries());
    long trimmed = refusalLog.trimToRetained();
    if (trimmed > 0) {
      LOG.info("node {}: the refusal log dropped its {} oldest entries to keep refusalLog.retainEntries = {}", config.nodeName(),
          trimmed, refusalLog.retained());
    }
    var chain = refusalLog.check();
    if (!chain.intact()) {
      // Served as it is (the readers see the same check): an operator must explain the break, not have it hidden.
      LOG.error("node {}: the refusal log's chain is broken: {}", config.nodeName(), chain.problem());
    }
    this.mempool = new Mempool(org.medledger.node.mempool.MempoolBudget.DEFAULTS,
        org.medledger.node.mempool.ValidatorReserve.following(validatorSchedule, () -> ledger.height() + 1,
            shipped.validatorReservedContracts(membership)));
    this.admission = new Admission(ledger, mempool, new LedgerSenderDirectory(ledger, membership), contracts);
    this.waiters = new CommitWaiters();
    if (config.role() == org.medledger.node.config.NodeRole.FULL
        && validatorSchedule.validatesFrom(ledger.height() + 1, keys.certificateId())) {
      closeRefused(ledger);
      throw new IllegalArgumentException("node " + config.nodeName() + " does not start: node.json says \"role\": \"full\","
          + " but its certificate " + config.certificate() + " is a validator's; a full node needs a node certificate of its"
          + " own (docs/deploy.md, Full nodes)");
    }
    boolean fullNode = config.role() == org.medledger.node.config.NodeRole.FULL;
    java.util.function.Supplier<java.util.Optional<NodeEncryptionKey>> vaultKey = new LedgerEncryptionKey(genesis,
        keys.certificate(), NodeEncryptionKey.fileFor(config.privateKey()), ledger::state, encryptionKey);
    if (config.shardStore()) {
      // A full node reads its organisation's records with its organisation's node key (a copy of
      // the validator's), as that validator would: refused at start when it is missing or not the one.
      vaultKey = LedgerEncryptionKey.ofOrganisation(genesis, config.organisation(), NodeEncryptionKey.fileFor(config.privateKey()),
          ledger::state);
      try {
        vaultKey.get();
      } catch (RuntimeException e) {
        closeRefused(ledger);
        throw new IllegalArgumentException("node " + config.nodeName() + " does not start: node.json says \"vault\":"
            + " {\"shardStore\": true}, but " + e.getMessage(), e);
      }
    }
    // Alone only while the ledger's set for the next block is one validator (after any change, not the genesis's).
    boolean solo = validatorSchedule.idsAt(ledger.height() + 1).size() == 1 && config.peers().isEmpty();
    org.medledger.node.vault.VaultService[] vaultRef = new org.medledger.node.vault.VaultService[1];
    if (solo) {
      this.transport = null;
      this.ordering = new SoloOrdering(ledger, mempool, keys.signer(), keys.certificateId(), clock, upgradeGate,
          validatorSchedule::idsAt);
    } else {
      BftOrdering[] bft = new BftOrdering[1];
      // A rotated certificate's pair placed beside the node key (and, gm, the rotated transport pair
      // beside the transport key): the engine votes with it from the rotation's height.
      NodeKeyRing keyRing = NodeKeyRing.open(genesis.cryptoSuite(), keys, config.certificate(), config.privateKey(),
          config.tlsCertificate(), config.tlsPrivateKey());
      NodeKeys linkIdentity = keyRing.configuredLinkIdentity();
      org.medledger.node.membership.FullNodePeerCheck peerCheck = peerCheck(clock);
      this.peers = peerCheck;
      this.transport = new TlsTransport(linkIdentity.certificate(), linkIdentity.privateKey(), peerCheck,
          (peer, topic, payload) -> {
            if (topic == org.medledger.network.Topic.VAULT) {
              // From a validator or a registered full node (no other links): the vault tells them apart (VaultLinks).
              org.medledger.node.vault.VaultService v = vaultRef[0];
              if (v != null) {
                v.onMessage(peer, payload);
              }
              return;
            }
            BftOrdering b = bft[0];
            if (b != null) {
              b.onMessage(peer, topic, payload);
            }
          });
      // Down while its rotation passed and its height went by, this node's ledger knows nothing of
      // it and its peers refuse the old certificate: it presents the rotated one when refused, links,
      // syncs, and then signs each height with the key that height's set holds (never the old one after it).
      keyRing.nextLinkIdentity().ifPresent(next -> transport.presentWhenRefused(next.certificate(), next.privateKey()));
      bft[0] = new BftOrdering(ledger, mempool, admission, transport, validatorSchedule, keyRing::validatorKeys,
          certificates, config.consensusTimeouts(), config.heartbeatMillis(), clock, config.dataDir().resolve("consensus"), upgradeGate);
      this.ordering = bft[0];
      // Revocations, removals and rotations take effect on live links within one block, not only
      // at the next handshake; the status tick rechecks too (expiry needs no block).
      var links = new org.medledger.node.membership.PeerLinksFollowCommits(transport, peerCheck, keyRing,
          () -> validatorSchedule.validatorsFrom(ledger.height() + 1), genesis.cryptoSuite());
      links.follow();
      ordering.addListener(links);
      // A voted-in validator dials the others first: it hears them over its links at once, as they
      // hear it, before they dial it back at the address its add-validator put on the ledger.
      transport.broadcastToInbound(peerCheck::isValidator);
      if (genesis.governance().isPresent()) {
        // Only a governed chain votes validators in; without it the ledger never holds an address.
        this.ledgerLinks = new org.medledger.node.membership.LedgerPeerLinks(transport,
            () -> validatorSchedule.validatorsFrom(ledger.height() + 1), ledger::state, config.nodeName(), config.peers());
        ordering.addListener(ledgerLinks);
      }
      bft[0].onStatusTick(() -> transport.recheckPeers(peerCheck));
    }
    ordering.addListener(waiters);
    org.medledger.node.membership.FullNodePeerCheck linkCheck = peers;
    this.vault = new org.medledger.node.vault.VaultService(ledger, admission, waiters, transport,
        org.medledger.storage.ShardStore.open(config.dataDir().resolve("shards")), keys, vaultKey, config.organisation(), clock,
        new org.medledger.node.vault.VaultLinks(linkCheck == null ? c -> true : linkCheck::isValidator, fullNode,
            config.shardStore()));
    vaultRef[0] = vault;
    if (transport != null && (!fullNode || config.shardStore())) {
      vault.repairInBackground(10_000, 300_000);
    }
    ordering.addListener(vault);
    this.tokens = new TokenService(tokenKey, clock, TOKEN_LIFETIME_MILLIS);
    ChallengeService challenges = new ChallengeService(
        new LedgerCertificateAuthenticator(ledger, membership, clock), tokens, genesis.chainId(), keys.certificateId(), clock);
    var nodeTransactions = new org.medledger.node.ordering.NodeTransactions(ledger, admission, waiters, keys.signer(),
        keys.certificateId(), clock);
    // The log's head committed on the ledger, and the log held against every head committed before;
    // on a chain founded before the anchors' contract, nothing is sent (it has no such contract).
    long anchorEverySeconds = org.medledger.core.refusals.RefusalLogAnchorContract.runsOn(genesis)
        ? config.refusalLog().anchorEverySeconds() : 0;
    this.refusalAnchors = new org.medledger.node.refusals.RefusalAnchorer(refusalLog, ledger, admission,
        nodeTransactions::sign, keys.certificateId(), clock, anchorEverySeconds);
    var anchored = refusalAnchors.check(); // a divergence is logged as an error by the check itself
    if (anchored.consistent() && anchored.anchors() > 0) {
      LOG.info("node {}: the refusal log holds the {} head(s) it anchored that retention kept", config.nodeName(),
          anchored.checked());
    }
    BftOrdering bftOrdering = ordering instanceof BftOrdering b ? b : null;
    this.reach = new org.medledger.node.membership.ValidatorReach(validatorSchedule, () -> ledger.height() + 1,
        (peers != null ? peers : peerCheck(clock)).validators(), keys.certificateId(), genesis.cryptoSuite().hash(),
        () -> bftOrdering == null ? List.of() : bftOrdering.linkedPeerCertificates());
    this.metrics = new org.medledger.node.metrics.NodeMetrics(new org.medledger.node.metrics.NodeMetrics.Sources(
        ledger, reach, ordering, bftOrdering, mempool, admission, vault,
        certificatesOf(config, keys), () -> config.peers().size(), release.name()));
    ordering.addListener(metrics);
    this.api = new ApiServer(ledger, admission, waiters, challenges, tokens, config.organisation(), ordering::isRunning)
        .withNodeName(config.nodeName())
        .withStopReason(ordering::stoppedBecause)
        .withHealthDetails(this::healthDetails)
        .withHealthProblems(this::healthProblems)
        .withMetrics(metrics::scrape, org.medledger.node.metrics.ScrapeToken.loadOrCreate(config.dataDir()))
        .withReadiness(() -> bftOrdering == null ? ledger.height() : bftOrdering.bestPeerHeight())
        .withMetadataRules(metadataRules())
        .withContracts(contracts)
        .withRefusalLog(refusalLog, () -> applications.services().find(
            org.medledger.node.application.PatientMetadataVisibility.class))
        .withRefusalAnchors(refusalAnchors);
    // The web portal (/ui) on the API's own server, reading the services the API reads.
    org.medledger.node.ui.Portal portal = new org.medledger.node.ui.Portal(new org.medledger.node.ui.PortalServices(
        ledger, membership, challenges, tokens, metadataRules(), config.apiTransport().isTls(), config.portalTokenSignIn(),
        mempool::size, () -> transport == null ? 0 : transport.connectedPeers().size()), clock);
    api.withPortal(portal);
    NodeApplicationContext context = new NodeApplicationContext(genesis, membership, ledger, admission, waiters,
        nodeTransactions, new NodeIdentity(keys.certificateId(), config.organisation(), config.nodeName(), keys.signer()),
        clock, config.dataDir(), vault, tokens, api::publicBase, api.routes(), api.fhir(), api::healthEntry,
        ordering::addListener, applications.services(), null);
    applications.services().provide(org.medledger.node.application.AccessDecisions.class, metrics::accessDecision);
    applications.register(a -> context.forApplication(applications.dataDirOf(a), portal.pagesOf(a.name())));
  }

  /** A node refused at start closes its store, so the same folder starts at once with a fixed release or config. */
  private static void closeRefused(Ledger ledger) {
    try {
      ledger.close();
    } catch (Exception e) {
      LOG.warn("store close: {}", e.toString());
    }
  }

  /** The applications' rules for who may see a transaction's metadata, as registered (none: all visible). */
  private java.util.function.Supplier<List<org.medledger.node.application.MetadataRule>> metadataRules() {
    return () -> applications.services().metadataRules();
  }

  /**
   * Who may connect as a peer: a validator of the set in force or scheduled, or a member's
   * registered full node as a follower; valid now, not revoked on the ledger.
   */
  private org.medledger.node.membership.FullNodePeerCheck peerCheck(Clock clock) {
    return new org.medledger.node.membership.FullNodePeerCheck(new org.medledger.node.membership.ValidatorPeerCheck(
        membership, ledger::state, clock, () -> validatorSchedule.validatorsFrom(ledger.height() + 1)),
        membership, ledger::state, clock);
  }

  /** The certificates this node presents, by role, whose expiry /metrics shows. */
  private static java.util.Map<String, java.security.cert.X509Certificate> certificatesOf(NodeConfig config, NodeKeys keys)
      throws IOException {
    java.util.Map<String, java.security.cert.X509Certificate> m = new java.util.TreeMap<>();
    m.put("node", keys.certificate());
    if (config.tlsCertificate() != null) {
      m.put("p2p_tls", org.medledger.crypto.x509.Pem.parseCertificate(Files.readString(config.tlsCertificate())));
    }
    if (config.apiTransport().isTls()) {
      m.put("api_tls", org.medledger.crypto.x509.Pem.parseCertificate(Files.readString(config.apiTransport().tlsCertificate())));
    }
    return m;
  }

  /** Why this node is degraded though ordering runs: each a sentence for the operator. */
  private List<String> healthProblems() {
    List<String> problems = new ArrayList<>();
    if (ordering instanceof BftOrdering) {
      // The next block's set; a full node (or a validator voted out) counts only the validators it reaches.
      var count = reach.now();
      if (!count.quorumReachable()) {
        problems.add("no quorum: this node has " + count.present() + " validator(s) of the next block's set (itself"
            + " included if it is one, and those it reaches); a block needs " + count.quorum() + " of " + count.validators());
      }
    }
    int unplaced = vault.unplacedShards();
    if (unplaced > 0) {
      problems.add(unplaced + " shard(s) of records stored here are not at their holder yet (the holder's repair"
          + " sweep rebuilds them; vaultUnplacedShards)");
    }
    return problems;
  }

  private java.util.Map<String, Object> healthDetails() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    // Nodes whose shards failed their hash when this node fetched: the bad-node report.
    m.put("vaultBadShards", new java.util.TreeMap<>(vault.badShardReports()));
    m.put("vaultShardsServed", vault.shardsServed());
    m.put("vaultUnplacedShards", vault.unplacedShards());
    // Records the last repair sweep skipped (a junk entry or manifest): the rest were swept.
    m.put("vaultSweepSkipped", vault.lastSweepSkipped());
    m.put("release", release.describe());
    // The rules the next block runs under: the genesis's starting version, or a bound upgrade's.
    m.put("protocolVersion", org.medledger.core.governance.ProtocolUpgrades.versionAt(genesis.protocolVersion(),
        ledger.state(), ledger.height() + 1));
    var upgrade = ordering.upgradeRequired();
    if (upgrade != null) {
      // Until the node stops: which release to install, and the height this one did not execute.
      m.put("upgradeRequired", java.util.Map.of("protocolVersion", upgrade.protocolVersion(), "height", upgrade.height(),
          "message", upgrade.getMessage()));
    }
    if (ordering instanceof BftOrdering b) {
      m.put("consensus", "tendermint");
      m.put("role", config.role().wireName());
      m.put("peers", b.connectedPeers());
      var count = reach.now();
      boolean selfVotes = validatorSchedule.idsAt(ledger.height() + 1).contains(keys.certificateId());
      m.put("validatorPeers", count.present() - (selfVotes ? 1 : 0));
      // With this node (if it is one of the next block's validators), can the ones it reaches form a quorum (2f + 1)?
      m.put("quorumReachable", count.quorumReachable());
      m.put("configuredPeers", config.peers().size());
      m.put("bestPeerHeight", b.bestPeerHeight());
      m.put("mempool", mempool.size());
      // Seen by this validator's engine (in memory); what the chain holds is committedEvidence.
      List<String> evidence = new ArrayList<>();
      var names = new org.medledger.node.bft.EvidenceView(genesis);
      for (var e : b.evidence()) {
        // The engine's index is into the ids, ascending, of the set in force at the evidence's height.
        Hash id = validatorSchedule.idsAt(e.first().height()).get(e.validator());
        evidence.add("validator " + names.describe(id, ledger.state()) + " signed two messages for one step: " + e.first() + " and "
            + e.second());
      }
      m.put("evidence", evidence);
      m.put("evidencePending", b.evidencePending());
    } else {
      m.put("consensus", "single validator");
      m.put("mempool", mempool.size());
    }
    return m;
  }

  /**
   * The contracts a validator of this chain runs with this release: the platform's and those of
   * the applications the genesis names (refused, naming it, when one is not shipped). For tools
   * that execute blocks off-node: verify, replay, benchmarks.
   */
  public static ContractRegistry contracts(Membership membership) {
    return Applications.onClassPath().contracts(membership);
  }

  /** {@link #contracts(Membership)} of a genesis. */
  public static ContractRegistry contracts(Genesis genesis) {
    return contracts(new Membership(genesis));
  }

  public static MedLedgerNode start(NodeConfig config) throws IOException {
    return start(config, Clock.systemUTC());
  }

  public static MedLedgerNode start(NodeConfig config, Clock clock) throws IOException {
    return start(config, clock, null);
  }

  /**
   * {@code walletPassphrase}: the operator's passphrase the custodial wallet's sealing key is
   * derived from (NodeSecrets, WalletPassphrase); null to read it from {@code secrets/wallet.key}.
   */
  public static MedLedgerNode start(NodeConfig config, Clock clock, char[] walletPassphrase) throws IOException {
    return start(config, clock, walletPassphrase, Release.CURRENT);
  }

  /**
   * As the given release: {@link Release#CURRENT} is this build; an embedding (the upgrade tests)
   * may start a node as a release that runs a later protocol version. Throws {@link
   * org.medledger.node.ordering.UpgradeRequiredException}, having opened nothing that stays open,
   * when the chain requires from its next height a protocol version {@code release} does not run.
   */
  public static MedLedgerNode start(NodeConfig config, Clock clock, char[] walletPassphrase, Release release)
      throws IOException {
    MedLedgerNode n = new MedLedgerNode(config, clock, walletPassphrase, release);
    try {
      if (n.transport != null) {
        n.transport.listen(config.p2pHost(), config.p2pPort());
        for (PeerAddress peer : config.peers()) {
          n.transport.connect(peer);
        }
        // From the ledger this node holds; block sync brings later additions, each commit follows them.
        if (n.ledgerLinks != null) {
          n.ledgerLinks.follow();
        }
      }
      org.medledger.node.logging.NodeLogContext.nodeStarted(config.nodeName(), n.ledger::height);
      n.ordering.start();
      n.api.start(config.apiHost(), config.apiPort(), config.apiTransport());
      n.applications.start();
      n.refusalAnchors.start();
    } catch (RuntimeException e) {
      n.close();
      throw e;
    } catch (InterruptedException e) {
      n.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting", e);
    }
    LOG.info("node {} of {} serving chain {} at height {} on {}://{}:{}/v1", config.nodeName(), config.organisation(),
        n.genesis.chainId(), n.ledger.height(), config.apiTransport().scheme(), config.apiHost(), n.api.port());
    LOG.info("metrics: GET /metrics with the scrape token in {} (docs/operations.md); probes: /health/live, /health/ready",
        config.dataDir().resolve("secrets").resolve(org.medledger.node.metrics.ScrapeToken.FILE));
    return n;
  }

  /**
   * Told once when ordering stops before a height this node's release may not execute (a passed
   * upgrade needs a later protocol version); the API keeps serving, and says so, until closed.
   */
  public void onStoppedForUpgrade(java.util.function.Consumer<org.medledger.node.ordering.UpgradeRequiredException> listener) {
    ordering.onStoppedForUpgrade(listener);
  }

  public Release release() {
    return release;
  }

  public int apiPort() {
    return api.port();
  }

  /** The API's tarpit for clients past their request budget: what it held and shed so far. */
  public org.medledger.node.api.Tarpit.Counts apiTarpit() {
    return api.tarpitCounts();
  }

  public NodeConfig config() {
    return config;
  }

  public Genesis genesis() {
    return genesis;
  }

  public Membership membership() {
    return membership;
  }

  public Ledger ledger() {
    return ledger;
  }

  public org.medledger.node.ordering.CommitWaiters waiters() {
    return waiters;
  }

  public Admission admission() {
    return admission;
  }

  public CommitWaiters commitWaiters() {
    return waiters;
  }

  public TokenService tokens() {
    return tokens;
  }

  /** The refusal log's heads this node anchors on the ledger, and its log held against them. */
  public org.medledger.node.refusals.RefusalAnchorer refusalAnchors() {
    return refusalAnchors;
  }

  /** Refused requests for health data this node filed (GET /v1/audit/refusals serves it). */
  public org.medledger.node.refusals.RefusalLog refusalLog() {
    return refusalLog;
  }

  /** Told of every committed block, after it is durable. */
  public void addCommitListener(org.medledger.node.ordering.CommitListener listener) {
    ordering.addListener(listener);
  }

  /** The port other nodes reach this one on; -1 for a one-validator node without peers. */
  public int p2pPort() {
    return transport == null ? -1 : transport.port();
  }

  /** Frames peers sent longer than their topic allows (each closed its connection); 0 without peers. */
  public long oversizedFrames() {
    return transport == null ? 0 : transport.oversizedFrames();
  }

  /**
   * The validators this node dials at the address the ledger holds for them (voted in with a
   * {@code peerAddress}; node.json's peers are not among them), by name; empty without peers.
   */
  public java.util.Map<String, PeerAddress> ledgerDialledPeers() {
    return ledgerLinks == null ? java.util.Map.of() : ledgerLinks.dialling();
  }

  /** Peers with a live authenticated link; 0 for a node without peers. */
  public int connectedPeers() {
    return transport == null ? 0 : transport.connectedPeers().size();
  }

  /** The certificates peers present on every live link, dialled or accepted; empty without peers. */
  public List<java.security.cert.X509Certificate> linkedPeerCertificates() {
    return transport == null ? List.of() : transport.liveCertificates();
  }

  public Ordering ordering() {
    return ordering;
  }

  public org.medledger.node.vault.VaultService vault() {
    return vault;
  }

  public Mempool mempool() {
    return mempool;
  }

  /** The node's meters, as GET /metrics writes them. */
  public org.medledger.node.metrics.NodeMetrics metrics() {
    return metrics;
  }

  /** Every route the API serves now, "METHOD /path" (the live table). */
  public List<String> apiRoutes() {
    return api.liveRoutes();
  }

  /** The routes registered as serving health data (their refusals are filed in the refusal log), "METHOD /path". */
  public List<String> healthDataRoutes() {
    return api.healthDataRoutes();
  }

  /** The applications this node runs (its genesis names them), in name order. */
  public List<Application> applications() {
    return applications.applications();
  }

  @Override
  public void close() {
    org.medledger.node.logging.NodeLogContext.nodeStopped(config.nodeName());
    try {
      api.close();
    } catch (RuntimeException e) {
      LOG.warn("API stop: {}", e.toString());
    }
    applications.stop();
    refusalAnchors.close();
    if (transport != null) {
      transport.close();
    }
    try {
      ordering.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    vault.close();
    try {
      ledger.close();
    } catch (Exception e) {
      LOG.warn("store close: {}", e.toString());
    }
  }
}
