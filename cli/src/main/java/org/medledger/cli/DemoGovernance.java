package org.medledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.TransactionBuilder;
import org.medledger.client.Verification;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.governance.Consortium;
import org.medledger.core.governance.GovernanceView;
import org.medledger.core.governance.Proposal;
import org.medledger.core.governance.ProposalStatus;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.NodeKeyRing;
import org.medledger.node.NodeSecrets;
import org.medledger.node.application.DemoText;
import org.medledger.node.config.NodeConfig;

/**
 * The demo's governance chapter (issue 24 item 6, docs/governance.md): the consortium changes
 * itself by votes on the ledger, through the same API and SDK as the rest of the story. A second
 * insurer is voted in as a member with its own CA; a validator's node certificate is rotated by
 * the {@code governance node-key} path while the chain runs; the block interval is changed; and a
 * receipt sealed after the rotation (by a set the genesis does not name) is written and verified
 * offline from the original genesis file, walking the validator-set transition it carries.
 */
final class DemoGovernance {
  /** The organisation voted in: a second insurer, with a CA of its own made here. */
  static final String NEW_MEMBER = "insurer-2";
  /** The validator whose certificate is rotated: the regulator's, which no demo user logs in through. */
  static final String ROTATED = "regulator";
  static final long NEW_BLOCK_INTERVAL_MILLIS = 100;
  private static final long WAIT_MILLIS = 30_000;

  private final Path net;
  private final Path data;
  private final CryptoSuite suite;
  private final String chainId;
  /** The validators running, the voted-in one added once it starts. */
  private final List<MedLedgerNode> nodes;
  private final NodeStarter starter;
  private final int joinerApiPort;
  private final int joinerP2pPort;
  private final Map<String, ClientIdentity> identities;
  private final Map<String, String> tokens;
  private final String api;
  /** hospital-b's node: its people's tokens are for it (each organisation uses its own node). */
  private final String apiB;
  private final ApiServerTrust trust;
  private final PrintStream out;
  /** The rotated validator's new certificate id, once the rotation is proposed. */
  private Hash rotatedKey;

  DemoGovernance(Path net, Path data, CryptoSuite suite, String chainId, List<MedLedgerNode> nodes,
      Map<String, ClientIdentity> identities, Map<String, String> tokens, String api, String apiB, ApiServerTrust trust, PrintStream out,
      NodeStarter starter, int joinerApiPort, int joinerP2pPort) {
    this.net = net;
    this.data = data;
    this.suite = suite;
    this.chainId = chainId;
    this.nodes = new ArrayList<>(nodes);
    this.starter = starter;
    this.joinerApiPort = joinerApiPort;
    this.joinerP2pPort = joinerP2pPort;
    this.identities = identities;
    this.tokens = tokens;
    this.api = api;
    this.apiB = apiB;
    this.trust = trust;
    this.out = out;
  }

  /** Starts a node in the demo's process and keeps it among the demo's nodes (closed when the demo stops). */
  interface NodeStarter {
    MedLedgerNode start(NodeConfig config) throws Exception;
  }

  void play() throws Exception {
    out.println("governance: the consortium changes itself by proposals and votes on the ledger");
    CertificateAuthority ca = voteInANewMember();
    voteInItsValidator(ca);
    long rotatedFrom = rotateAValidatorsCertificate();
    changeTheBlockInterval();
    writeAReceiptSealedByTheNewSet(rotatedFrom, rotatedKey);
  }

  /** add-member: a majority of the member organisations (4 of 7) admit a second insurer and its CA. */
  private CertificateAuthority voteInANewMember() throws Exception {
    Path caDir = net.resolve(NEW_MEMBER).resolve("ca");
    long now = System.currentTimeMillis();
    CertificateAuthority ca = CertificateAuthority.create(suite, NEW_MEMBER, new Date(now - 300_000L),
        new Date(now + 3650L * 86_400_000L), new SecureRandom());
    Files.createDirectories(caDir);
    Files.writeString(caDir.resolve("cert.pem"), Pem.certificate(ca.certificate()));
    NodeSecrets.create(caDir.resolve("key.pem"), Pem.privateKey(ca.keyPair().getPrivate()).getBytes(StandardCharsets.US_ASCII));
    long id = propose("hospital-a", Map.of("kind", "add-member", "organisation", NEW_MEMBER,
        "caCertificate", Pem.certificate(ca.certificate()), "roles", "admin,insurer,node"));
    out.println("  hospital-a proposes " + NEW_MEMBER + " (its own CA in " + caDir + ") as a member: proposal " + id);
    long from = votesUntilDecided(id, "hospital-b", "insurer", "regulator");
    long passed = from - 1;
    awaitAll("every node at height " + passed, () -> nodes.stream().allMatch(n -> n.ledger().height() >= passed));
    List<String> members = new ArrayList<>();
    for (MedLedgerNode n : nodes) {
      boolean member = Consortium.at(n.genesis(), n.ledger().state()).organisations().stream()
          .anyMatch(o -> o.name().equals(NEW_MEMBER));
      members.add(n.config().nodeName() + (member ? " yes" : " NO"));
    }
    out.println("  " + NEW_MEMBER + " is a member on every node (its CA trusted for logins, transactions and links): "
        + String.join(", ", members));
    out.println("  its admin can now register its users (membership.register); its validator joins by an add-validator vote");
    return ca;
  }

  /**
   * add-validator: three of the four validators' organisations vote the new member's validator in,
   * with the address its peers reach it at; its node starts in this process, dials the four (they
   * take its links once the change passed, and dial it back at the address the ledger now holds,
   * no node.json edit and no restart), catches up by block sync and votes from the height the
   * ledger fixed.
   */
  private void voteInItsValidator(CertificateAuthority ca) throws Exception {
    List<NodeConfig> running = new ArrayList<>();
    for (MedLedgerNode n : nodes) {
      running.add(n.config());
    }
    DemoJoiningValidator.Made made = DemoJoiningValidator.write(suite, chainId, ca, net.resolve(NEW_MEMBER), net.resolve("genesis.json"),
        data.resolve("nodes").resolve(NEW_MEMBER), joinerApiPort, joinerP2pPort, running, nodes.get(0).config().dataDir().resolve("secrets"));
    String peerAddress = "127.0.0.1:" + joinerP2pPort;
    long id = propose("hospital-a", Map.of("kind", "add-validator", "organisation", NEW_MEMBER, "validator", made.nodeName(),
        "nodeCertificate", made.nodeCertificatePem(), "encryptionKeyCertificate", made.encryptionKeyCertificateHex(),
        "peerAddress", peerAddress));
    out.println("  hospital-a proposes " + made.nodeName() + " (its key and certificate from " + NEW_MEMBER + "'s CA, in "
        + made.config().getParent() + ", reached at " + peerAddress + ") as a validator: proposal " + id);
    long from = votesUntilDecided(id, "hospital-b", "insurer", "regulator");
    MedLedgerNode joiner = starter.start(NodeConfig.read(made.config()).withPortalTokenSignIn(true));
    nodes.add(joiner);
    long startedAt = joiner.ledger().height();
    // Blocks are cut for transactions: the head now is the passing block, which the joiner syncs up to.
    long head = nodes.get(0).ledger().height();
    awaitAll(made.nodeName() + " caught up to height " + head, () -> joiner.ledger().height() >= head);
    out.println("  " + made.nodeName() + " starts in this process at height " + startedAt + " (API https://127.0.0.1:"
        + joiner.apiPort() + "/v1, peers on port " + joiner.p2pPort() + "), catches up by block sync to height "
        + joiner.ledger().height() + ", and votes from height " + from + " (5 validators: a block needs 4 seals)");
    Hash joinerId = certificateId(made.nodeCertificatePem());
    TransactionBuilder wang = new TransactionBuilder(identities.get("dr-wang"), chainId, Clock.systemUTC());
    MedLedgerClient drWang = new MedLedgerClient(api, trust).withToken(tokens.get("dr-wang"));
    long sealedBlock = -1;
    for (int attempt = 0; attempt < 20 && sealedBlock < 0; attempt++) {
      JsonNode r = drWang.submit(wang.anchor(DemoText.fingerprint(suite, "governance demo note " + System.nanoTime()), "note"), true);
      long h = r.path("height").asLong();
      if (h >= from && seals(nodes.get(0), h).contains(joinerId)) {
        sealedBlock = h;
      }
    }
    out.println("  " + made.nodeName() + "'s seal is on block " + (sealedBlock < 0 ? "NONE of the next 20" : sealedBlock + " ("
        + seals(nodes.get(0), sealedBlock).size() + " seals), its height " + joiner.ledger().height()
        + " the same as hospital-a-node's " + nodes.get(0).ledger().height()));
  }

  /**
   * rotate-validator: the regulator's organisation makes a new node key and certificate from its
   * own CA beside the node key (what {@code medledger governance node-key} does), proposes it, and
   * the validators' organisations vote it in; from the height the ledger fixes, its seals are the
   * new key's. Returns that height.
   */
  private long rotateAValidatorsCertificate() throws Exception {
    Path config = net.resolve(ROTATED).resolve("node/node.json");
    RotatedNodeKeyCommand nodeKey = new RotatedNodeKeyCommand();
    nodeKey.config = config;
    nodeKey.ca = net.resolve(ROTATED).resolve("ca");
    nodeKey.days = 365;
    nodeKey.out = out;
    nodeKey.call();
    NodeConfig cfg = NodeConfig.read(config);
    Path nextCertificate = NodeKeyRing.nextFileFor(cfg.certificate());
    Path nextKey = NodeKeyRing.nextFileFor(cfg.privateKey());
    Path certified = nextCertificate.resolveSibling(NodeKeyRing.NEXT_PREFIX + "encryption-key-certificate.hex");
    String newPem = Files.readString(nextCertificate);
    Hash oldId = certificateId(Files.readString(cfg.certificate()));
    Hash newId = certificateId(newPem);
    rotatedKey = newId;
    long id = propose(ROTATED, Map.of("kind", "rotate-validator", "validator", cfg.nodeName(),
        "nodeCertificate", newPem, "encryptionKeyCertificate", Files.readString(certified).strip()));
    out.println("  " + ROTATED + " proposes rotating " + cfg.nodeName() + "'s certificate " + short16(oldId) + "… to "
        + short16(newId) + "…: proposal " + id);
    long from = votesUntilDecided(id, "hospital-a", "hospital-b", "insurer");
    MedLedgerNode first = nodes.get(0);
    // Blocks are cut for transactions: anchor until a block past the rotation's height is final.
    TransactionBuilder wang = new TransactionBuilder(identities.get("dr-wang"), chainId, Clock.systemUTC());
    MedLedgerClient drWang = new MedLedgerClient(api, trust).withToken(tokens.get("dr-wang"));
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (first.ledger().height() <= from) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("no block past height " + from + " within " + WAIT_MILLIS + " ms");
      }
      drWang.submit(wang.anchor(DemoText.fingerprint(suite, "governance demo note " + System.nanoTime()), "note"), true);
    }
    List<Hash> before = seals(first, from - 1);
    List<Hash> at = seals(first, from);
    List<Hash> after = seals(first, from + 1);
    if (!before.contains(oldId) && !at.contains(newId)) {
      out.println("  (" + cfg.nodeName() + "'s seal is missing from blocks " + (from - 1) + " and " + from
          + ": the quorum was there first)");
    }
    out.println("  " + cfg.nodeName() + " seals with its new key from height " + from + ": block " + (from - 1) + " "
        + sealedWith(before, oldId, newId) + ", block " + from + " " + sealedWith(at, oldId, newId) + ", block " + (from + 1)
        + " " + sealedWith(after, oldId, newId) + "; the old certificate is in no set from height " + from);
    // The node runs on both keys now; its next start uses the new pair under the configured names.
    Files.move(nextCertificate, cfg.certificate(), StandardCopyOption.REPLACE_EXISTING);
    Files.move(nextKey, cfg.privateKey(), StandardCopyOption.REPLACE_EXISTING);
    Files.move(certified, cfg.certificate().resolveSibling("encryption-key-certificate.hex"), StandardCopyOption.REPLACE_EXISTING);
    if (cfg.tlsCertificate() != null) {
      // gm: the rotated transport pair, issued for the new node certificate, goes with it.
      Files.move(NodeKeyRing.nextFileFor(cfg.tlsCertificate()), cfg.tlsCertificate(), StandardCopyOption.REPLACE_EXISTING);
      Files.move(NodeKeyRing.nextFileFor(cfg.tlsPrivateKey()), cfg.tlsPrivateKey(), StandardCopyOption.REPLACE_EXISTING);
    }
    out.println("  the new pair moved under the configured names (" + cfg.certificate().getFileName() + ", "
        + cfg.privateKey().getFileName() + ") for the node's next start; the old certificate is retired by the set");
    return from;
  }

  /** set-parameter: two thirds of the validators' organisations change the block interval; every node reads it alike. */
  private void changeTheBlockInterval() throws Exception {
    long before = nodes.get(0).ledger().parameters().blockIntervalMillis();
    long id = propose("insurer", Map.of("kind", "set-parameter", "parameter", "blockIntervalMillis",
        "value", Long.toString(NEW_BLOCK_INTERVAL_MILLIS)));
    out.println("  insurer proposes blockIntervalMillis " + before + " -> " + NEW_BLOCK_INTERVAL_MILLIS + ": proposal " + id);
    long passed = votesUntilDecided(id, "hospital-a", "hospital-b", "regulator") - 1;
    // The state after the passing block already holds the value each node's next block runs with.
    awaitAll("every node at height " + passed, () -> nodes.stream().allMatch(n -> n.ledger().height() >= passed));
    List<String> inForce = new ArrayList<>();
    for (MedLedgerNode n : nodes) {
      inForce.add(n.config().nodeName() + " " + n.ledger().parameters().blockIntervalMillis() + " ms");
    }
    out.println("  blockIntervalMillis in force on every node: " + String.join(", ", inForce));
  }

  /**
   * A receipt for a block sealed by the rotated set, checked from the genesis file alone. The
   * chapter anchors until a block carries the rotated key's seal (a quorum of 3 of 4 may leave it
   * out), so the receipt cannot verify by the genesis's set without the transition it carries.
   */
  private void writeAReceiptSealedByTheNewSet(long rotatedFrom, Hash rotatedKey) throws Exception {
    MedLedgerClient drWang = new MedLedgerClient(api, trust).withToken(tokens.get("dr-wang"));
    TransactionBuilder wang = new TransactionBuilder(identities.get("dr-wang"), chainId, Clock.systemUTC());
    JsonNode receipt = null;
    for (int attempt = 0; attempt < 10 && (receipt == null || !sealedBy(receipt, rotatedKey)); attempt++) {
      String doc = DemoText.fingerprint(suite, "discharge summary after the rotation " + System.nanoTime());
      var tx = wang.anchor(doc, "discharge-summary");
      JsonNode r = drWang.submit(tx, true);
      out.println("  dr-wang anchors a discharge summary " + doc.substring(0, 16) + "…: " + DemoText.describe(r));
      receipt = drWang.transactionReceipt(tx.id(suite.hash()).hex());
    }
    out.println("  its block's certificate " + (sealedBy(receipt, rotatedKey) ? "carries" : "does NOT carry")
        + " the seal of " + ROTATED + "-node's new key, which the genesis does not name");
    Path file = data.resolve("sample-governance-receipt.json");
    Files.writeString(file, receipt.toPrettyString());
    List<Long> walked = new ArrayList<>();
    for (JsonNode t : receipt.path("validatorTransitions")) {
      walked.add(t.path("effectiveAt").asLong());
    }
    Path genesisFile = net.resolve("genesis.json");
    Verification v = new ReceiptVerifier(GenesisJson.read(Files.readString(genesisFile))).verify(receipt);
    out.println("  its receipt (block " + receipt.path("signedHeader").path("height").asLong() + ", sealed by the set in force from height "
        + rotatedFrom + ") checked offline from the original genesis: "
        + (v instanceof Verification.Verified ok ? "VERIFIED (" + ok.summary() + ")" : "FAILED " + v));
    out.println("  validator-set transitions walked from the genesis: " + walked.size() + " (to heights " + walked + ")");
    out.println("  saved to " + file + "; check it yourself: bin/medledger verify " + file + " --genesis " + genesisFile);
  }

  /** Proposes as {@code org}'s admin; the proposal's id is the newest one (the chapter runs alone). */
  private long propose(String org, Map<String, String> terms) throws Exception {
    JsonNode r = submit(org, "propose", terms);
    requireCommitted(r, org + " proposes " + terms.get("kind"));
    List<GovernanceView.ProposalVotes> all = GovernanceView.proposals(nodes.get(0).ledger().state(), 1, GovernanceView.MAX_PAGE);
    return all.get(all.size() - 1).proposal().id();
  }

  /** The organisations vote yes, in turn, until the proposal passes; returns the height it takes effect at. */
  private long votesUntilDecided(long id, String... voters) throws Exception {
    for (String org : voters) {
      Proposal p = GovernanceView.proposal(nodes.get(0).ledger().state(), id).orElseThrow().proposal();
      if (p.status() != ProposalStatus.PENDING) {
        break;
      }
      JsonNode r = submit(org, "vote", Map.of("proposal", Long.toString(id), "choice", "yes"));
      requireCommitted(r, org + " votes on proposal " + id);
      out.println("    " + org + " votes yes: " + DemoText.describe(r));
    }
    Proposal p = GovernanceView.proposal(nodes.get(0).ledger().state(), id).orElseThrow().proposal();
    // Member and parameter changes bind from the next block; validator-set changes at the height the ledger fixed.
    long inForceFrom = p.effectiveAt() > 0 ? p.effectiveAt() : p.decidedAt() + 1;
    out.println("    proposal " + id + " " + p.status().wireName() + " at height " + p.decidedAt() + ", in force from height "
        + inForceFrom);
    if (p.status() != ProposalStatus.PASSED) {
      throw new IllegalStateException("proposal " + id + " is " + p.status().wireName() + " after the votes: " + p.note());
    }
    return inForceFrom;
  }

  /** Submits through the admin's own node and waits until the first node (whose state the chapter reads) holds the block. */
  private JsonNode submit(String org, String method, Map<String, String> args) throws Exception {
    ClientIdentity admin = identities.get(org + "-admin");
    MedLedgerClient c = new MedLedgerClient(org.equals("hospital-b") ? apiB : api, trust).withToken(tokens.get(org + "-admin"));
    JsonNode r = c.submit(new TransactionBuilder(admin, chainId, Clock.systemUTC()).build("governance", method, args), true);
    long height = r.path("height").asLong();
    awaitAll("the first node at height " + height, () -> nodes.get(0).ledger().height() >= height);
    return r;
  }

  private static void requireCommitted(JsonNode r, String what) {
    if (!r.path("outcome").path("success").asBoolean(false)) {
      throw new IllegalStateException(what + ": " + DemoText.describe(r) + " " + r.path("outcome").path("message").asText());
    }
  }

  private static void awaitAll(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("not " + what + " within " + WAIT_MILLIS + " ms");
      }
      Thread.sleep(20);
    }
  }

  private static List<Hash> seals(MedLedgerNode n, long height) {
    return n.ledger().signedHeader(height).map(h -> h.certificate().seals().stream().map(CommitSeal::validator).toList())
        .orElse(List.of());
  }

  /** Adds {@code peer} to the peers a node's configuration file names, for the node's next start. */
  private static boolean sealedBy(JsonNode receipt, Hash key) {
    for (JsonNode seal : receipt.path("signedHeader").path("certificate").path("seals")) {
      if (seal.path("validator").asText().equals(key.hex())) {
        return true;
      }
    }
    return false;
  }

  private static String sealedWith(List<Hash> seals, Hash oldId, Hash newId) {
    return seals.contains(newId) ? "sealed with its new key" : seals.contains(oldId) ? "sealed with its old key"
        : "without its seal (the others made the quorum)";
  }

  private Hash certificateId(String pem) {
    return CertificateId.of(suite.hash(), Pem.parseCertificate(pem));
  }

  private static String short16(Hash h) {
    return h.hex().substring(0, 16);
  }
}
