package org.medledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.ClientIdentity;
import org.medledger.client.InclusionProofVerifier;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.client.Verification;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.NodeSecrets;
import org.medledger.node.config.ApiTransport;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.drugs.ScanCounter;

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
  static final List<NetworkInitializer.User> USERS = List.of(
      new NetworkInitializer.User("hospital-a", "dr-wang", Role.CLINICIAN),
      new NetworkInitializer.User("hospital-a", "patient-1", Role.PATIENT),
      new NetworkInitializer.User("hospital-b", "dr-chen", Role.CLINICIAN),
      new NetworkInitializer.User("regulator", "inspector", Role.REGULATOR),
      new NetworkInitializer.User("pharma-co", "factory", Role.MAKER),
      new NetworkInitializer.User("dist-co", "warehouse", Role.DISTRIBUTOR),
      new NetworkInitializer.User("pharmacy-1", "pharmacist", Role.PHARMACY));

  private final Path data;
  private final int port;
  private final int p2pPort;
  private final String suite;
  private final PrintStream out;
  private final List<MedLedgerNode> nodes = new java.util.ArrayList<>();
  private MedLedgerNode node;

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

  List<MedLedgerNode> nodes() {
    return nodes;
  }

  /**
   * The demo's validators keep their data under {@code nodes/<org>}, not where network init put
   * the network's scan place key: each gets that key (or, for a network made before it existed, one
   * new key for all), so a scanner's network is one place through any of them.
   */
  private void shareScanPlaceKey(Path net) throws java.io.IOException {
    String file = ScanCounter.NETWORK_KEY_FILE;
    Path written = net.resolve(ORGS.get(0)).resolve("node/data/secrets").resolve(file);
    byte[] key = Files.exists(written) ? Files.readAllBytes(written) : ScanCounter.newNetworkKey();
    for (String org : ORGS) {
      Path dataDir = data.resolve("nodes").resolve(org);
      if (!Files.exists(dataDir.resolve("secrets").resolve(file))) {
        ScanCounter.installNetworkKey(dataDir, key);
      }
    }
  }

  void start() throws Exception {
    Path net = data.resolve("network");
    boolean fresh = !Files.exists(data.resolve("nodes/hospital-a/ledger"));
    if (!Files.exists(net.resolve("genesis.json"))) {
      List<String> members = new java.util.ArrayList<>(ORGS);
      members.addAll(SUPPLY_CHAIN);
      new NetworkInitializer(suite, "medledger-demo", members, ORGS, USERS, port, p2pPort, List.of(), Clock.systemUTC()).write(net);
      out.println("created a " + suite + " network of 4 validators (" + String.join(", ", ORGS) + ") in " + net);
    } else {
      out.println("reusing the network in " + net);
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
    shareScanPlaceKey(net);
    for (int i = 0; i < ORGS.size(); i++) {
      String org = ORGS.get(i);
      NodeConfig cfg = NodeConfig.read(net.resolve(org).resolve("node/node.json")).withApiPort(port + i)
          .withDataDir(data.resolve("nodes").resolve(org));
      if (!NodeSecrets.createMissing(cfg.dataDir(), true).isEmpty()) {
        out.println("created " + org + "'s node secrets (token key, scan-place key, the wallet's sealing key) in "
            + cfg.dataDir().resolve("secrets"));
      }
      // This run's ports, not the ones the network was made with: links name the address served.
      cfg = cfg.withApiTransport(ApiTransport.tls(cfg.apiTransport().tlsCertificate(), cfg.apiTransport().tlsPrivateKey()));
      nodes.add(MedLedgerNode.start(cfg));
    }
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
        out.println("  " + pad(e.getKey()) + " registers certificate " + id.certificateId().hex().substring(0, 16) + "… " + describe(r));
      }
    }
    tokens.put("regulator", tokens.get("inspector"));

    MedLedgerClient drWang = new MedLedgerClient(api, trust).withToken(tokens.get("dr-wang"));
    TransactionBuilder wang = new TransactionBuilder(loaded.get("dr-wang"), chainId, Clock.systemUTC());
    String labReport = fingerprint(cs, "FHIR DiagnosticReport: patient-1 HbA1c 6.1% " + System.nanoTime());
    Transaction anchorTx = wang.anchor(labReport, "lab-report");
    out.println("dr-wang anchors a lab report " + labReport.substring(0, 16) + "…: " + describe(drWang.submit(anchorTx, true)));
    String fixed = fingerprint(cs, "MedLedger demo discharge summary v1");
    out.println("dr-wang anchors a discharge summary: " + describe(drWang.submit(wang.anchor(fixed, "discharge-summary"), true)));
    out.println("dr-wang anchors it again: " + describe(drWang.submit(wang.anchor(fixed, "discharge-summary"), true)));
    MedLedgerClient adminA = new MedLedgerClient(api, trust).withToken(tokens.get("hospital-a-admin"));
    ObjectNode body = new ObjectMapper().createObjectNode().put("hash", fingerprint(cs, "imaging report " + System.nanoTime())).put("type", "imaging-report");
    out.println("hospital-a-admin anchors through REST (node signs for hospital-a): " + describe(adminA.post("v1/notary/anchor", body)));

    JsonNode proof = drWang.inclusionProof(anchorTx.id(cs.hash()).hex());
    Path proofFile = data.resolve("sample-proof.json");
    Files.writeString(proofFile, proof.toPrettyString());
    Verification v = new InclusionProofVerifier(node.genesis()).verify(proof);
    out.println("offline check of the lab report's inclusion proof: " + (v.ok() ? "VERIFIED" : "FAILED " + v));
    out.println("  proof saved to " + proofFile + "; check it yourself: bin/medledger verify " + proofFile + " --genesis " + net.resolve("genesis.json"));

    // Receipts: the transaction with its outcome, and the notary record's state, each with its header and certificate.
    var verifier = new org.medledger.client.ReceiptVerifier(node.genesis());
    JsonNode txReceipt = drWang.transactionReceipt(anchorTx.id(cs.hash()).hex());
    Path txReceiptFile = data.resolve("sample-receipt.json");
    Files.writeString(txReceiptFile, txReceipt.toPrettyString());
    out.println("offline check of the lab report's transaction receipt: " + verdict(verifier.verify(txReceipt)));
    JsonNode stateReceipt = drWang.stateReceipt(org.medledger.core.notary.NotaryContract.NAME + "/"
        + org.medledger.core.notary.NotaryContract.key(labReport, "hospital-a"), txReceipt.get("signedHeader").get("height").asLong());
    Path stateReceiptFile = data.resolve("sample-state-receipt.json");
    Files.writeString(stateReceiptFile, stateReceipt.toPrettyString());
    out.println("offline check of the lab report's notary record (state receipt): " + verdict(verifier.verify(stateReceipt)));
    Path qr = data.resolve("sample-receipt.png");
    var code = org.medledger.client.ReceiptQr.payload(txReceipt, cs.hash(),
        java.net.URI.create(api + "/v1/receipts/tx/" + anchorTx.id(cs.hash()).hex()));
    Files.write(qr, org.medledger.client.ReceiptQr.png(code, 400));
    out.println("  receipts saved to " + txReceiptFile + " and " + stateReceiptFile + "; QR code for a phone: " + qr);
    out.println("  check them: bin/medledger verify " + txReceiptFile + " --genesis " + net.resolve("genesis.json")
        + "   bin/medledger receipt scan " + qr + " --receipt " + txReceiptFile + " --genesis " + net.resolve("genesis.json"));

    if (fresh) {
      new DrugDemo(chainId, loaded, tokens, api, apiB, trust, data, out).run();
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
  }

  /** The node certificate id a login at {@code n} must see named in its challenge. */
  private static String nodeCertificateId(MedLedgerNode n) throws IOException {
    return org.medledger.crypto.x509.CertificateId.of(n.genesis().cryptoSuite().hash(),
        org.medledger.crypto.x509.Pem.parseCertificate(Files.readString(n.config().certificate()))).hex();
  }

  private static String verdict(Verification v) {
    return v instanceof Verification.Verified ok ? "VERIFIED (" + ok.summary() + ")" : "FAILED " + v;
  }

  static String fingerprint(CryptoSuite cs, String content) {
    return Hex.encode(cs.hash().hash(content.getBytes(StandardCharsets.UTF_8)));
  }

  private static String describe(JsonNode r) {
    JsonNode o = r.path("outcome");
    if (o.isMissingNode()) {
      return r.path("status").asText();
    }
    return (o.path("success").asBoolean() ? "committed" : "refused by contract (" + o.path("code").asText() + ")")
        + " at height " + r.path("height").asText();
  }

  private static String pad(String s) {
    return String.format("%-18s", s);
  }

  /** Waits (a few seconds at most) until every validator is linked to the three others. */
  private void awaitLinks() {
    long deadline = System.currentTimeMillis() + 15_000;
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

  void stop() {
    for (MedLedgerNode n : nodes) {
      n.close();
    }
    nodes.clear();
  }
}
