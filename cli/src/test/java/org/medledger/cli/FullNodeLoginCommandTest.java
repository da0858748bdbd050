package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.cli.CommandRun.medledger;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.x509.Pem;
import org.medledger.network.PeerAddress;
import org.medledger.node.membership.FullNodePeerCheck;
import org.medledger.node.membership.ValidatorPeerCheck;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.config.ApiTransport;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.config.NodeRole;

/**
 * Issue 24 item 12, on a gm network: two validators `network init --suite gm` made and
 * hospital-a's full node, registered with `user add --role node --api-host` (which also gives it
 * its P-256 transport certificate, "&lt;name&gt;-tls", since the JDK's TLS has no SM2). The
 * validators accept the full node's transport certificate as a peer because the ledger registers
 * its node certificate of that name; one the same CA minted for a name nobody registered is
 * refused. The full node syncs, and the CLI logs in to it over HTTPS when told which node it is
 * ({@code --expect-node}: the certificate id `user add` printed, or its cert.pem). Without the
 * option the login names what is missing; the cheat — the full node's address answering for
 * hospital-a's validator (a relayed challenge), or for another organisation's node — signs
 * nothing; a name that is no node is refused naming what it takes. Revoking the full node's
 * node certificate drops its links.
 */
class FullNodeLoginCommandTest {
  @TempDir Path dir;

  @Test
  void theCliLogsInToAFullNodeOverHttpsOnlyAsTheNodeItExpects() throws Exception {
    Path net = dir.resolve("net");
    Map<String, Path> configs = new NetworkInitializer("gm", "full-login", List.of("hospital-a", "regulator"),
        List.of("hospital-a", "regulator"), List.of(), freePort(), freePort(), List.of(), Clock.systemUTC()).write(net);
    List<MedLedgerNode> nodes = new ArrayList<>();
    try {
      for (String org : List.of("hospital-a", "regulator")) {
        nodes.add(MedLedgerNode.start(NodeConfig.read(configs.get(org))));
      }
      await("the two validators linked", 20_000, () -> nodes.stream().allMatch(n -> n.connectedPeers() == 1));
      String genesis = net.resolve("genesis.json").toString();
      String validatorApi = "https://127.0.0.1:" + nodes.get(0).apiPort();
      Path admin = net.resolve("hospital-a/users/admin");

      Path folder = dir.resolve("hospital-a-full-1");
      CommandRun add = medledger("user", "add", "--api", validatorApi, "--genesis", genesis, "--admin", admin.toString(),
          "--ca", net.resolve("hospital-a/ca").toString(), "--name", "hospital-a-full-1", "--role", "node",
          "--out", folder.toString(), "--api-host", "127.0.0.1");
      assertThat(add.exit()).as(add.err()).isZero();
      Matcher printed = Pattern.compile("certificate ([0-9a-f]{64})").matcher(add.out());
      assertThat(printed.find()).as(add.out()).isTrue();
      String fullNodeId = printed.group(1);

      MedLedgerNode full = startFullNode(NodeConfig.read(configs.get("hospital-a")), folder, configs);
      nodes.add(full);
      await("the full node linked and caught up", 20_000, () -> full.connectedPeers() == 2
          && full.ledger().height() == nodes.get(0).ledger().height());
      assertThat(nodes.get(0).linkedPeerCertificates()).as("linked with its transport certificate")
          .contains(Pem.parseCertificate(Files.readString(folder.resolve("tls/cert.pem"))));
      // The cheat: hospital-a's CA mints a transport certificate for a full node nobody registered.
      var validatorPeers = new FullNodePeerCheck(new ValidatorPeerCheck(nodes.get(0).membership(), nodes.get(0).ledger()::state,
          Clock.systemUTC(), nodes.get(0).genesis()::validators), nodes.get(0).membership(), nodes.get(0).ledger()::state,
          Clock.systemUTC());
      KeyPair minted = CryptoSuites.intl().signatures().generateKeyPair(new SecureRandom());
      long now = System.currentTimeMillis();
      X509Certificate unregistered = UserCommand.loadCa(CryptoSuites.gm(), net.resolve("hospital-a/ca")).issueTransport(
          "hospital-a-full-2", minted.getPublic(), new Date(now - 60_000), new Date(now + 86_400_000L), List.of("localhost"),
          List.of("127.0.0.1"));
      assertThat(validatorPeers.problem(unregistered)).get().asString()
          .contains("speaks for no registered, unrevoked node certificate named 'hospital-a-full-2'");
      assertThat(validatorPeers.problem(Pem.parseCertificate(Files.readString(folder.resolve("tls/cert.pem"))))).isEmpty();
      String fullApi = "https://127.0.0.1:" + full.apiPort();
      Path token = dir.resolve("token");

      CommandRun unnamed = medledger("login", "--api", fullApi, "--genesis", genesis, "--identity", admin.toString(),
          "--token-file", token.toString());
      assertThat(unnamed.exit()).isNotZero();
      assertThat(unnamed.err()).contains("names no genesis validator").contains("--expect-node");

      CommandRun byId = medledger("login", "--api", fullApi, "--genesis", genesis, "--identity", admin.toString(),
          "--token-file", token.toString(), "--expect-node", fullNodeId);
      assertThat(byId.exit()).as(byId.err()).isZero();
      CommandRun health = medledger("api", "get", "/v1/health", "--api", fullApi, "--genesis", genesis,
          "--expect-node", fullNodeId, "--token-file", token.toString());
      assertThat(health.exit()).as(health.err()).isZero();
      assertThat(health.out()).contains("\"role\" : \"full\"");
      CommandRun byFile = medledger("login", "--api", fullApi, "--genesis", genesis, "--identity", admin.toString(),
          "--token-file", token.toString(), "--expect-node", folder.resolve("cert.pem").toString());
      assertThat(byFile.exit()).as(byFile.err()).isZero();

      // The cheats: the full node's address taken for hospital-a's validator (its challenge names
      // the full node: a relay to the client), or for the regulator's node (not its certificate).
      Files.deleteIfExists(token);
      CommandRun relayed = medledger("login", "--api", fullApi, "--genesis", genesis, "--identity", admin.toString(),
          "--token-file", token.toString(), "--expect-node", "hospital-a-node");
      assertThat(relayed.exit()).isNotZero();
      assertThat(relayed.err()).contains("the challenge names node " + fullNodeId).contains("a relayed login; not signing it");
      CommandRun otherOrganisation = medledger("login", "--api", fullApi, "--genesis", genesis, "--identity", admin.toString(),
          "--token-file", token.toString(), "--expect-node", "regulator-node");
      assertThat(otherOrganisation.exit()).isNotZero();
      assertThat(otherOrganisation.err()).contains("is hospital-a's, but this client talks to regulator's node");
      assertThat(token).as("no login went through").doesNotExist();

      CommandRun nobody = medledger("login", "--api", fullApi, "--genesis", genesis, "--identity", admin.toString(),
          "--expect-node", "hospital-a-full-9");
      assertThat(nobody.exit()).isNotZero();
      assertThat(nobody.err()).contains("--expect-node hospital-a-full-9 is neither a genesis validator's name");
      CommandRun both = medledger("login", "--api", fullApi, "--genesis", genesis, "--identity", admin.toString(),
          "--expect-node", fullNodeId, "--node", "hospital-a-node");
      assertThat(both.exit()).isNotZero();
      assertThat(both.err()).contains("give --node or --expect-node, not both");

      // Its organisation revokes the full node's node certificate: its transport certificate stands for nothing now.
      CommandRun revoke = medledger("user", "revoke", "--api", validatorApi, "--genesis", genesis, "--admin", admin.toString(),
          "--user", folder.toString(), "--reason", "host retired");
      assertThat(revoke.exit()).as(revoke.err()).isZero();
      assertThat(validatorPeers.problem(Pem.parseCertificate(Files.readString(folder.resolve("tls/cert.pem"))))).get()
          .asString().contains("speaks for no registered, unrevoked node certificate named 'hospital-a-full-1'");
      await("the validators dropped the revoked full node", 20_000, () -> full.connectedPeers() == 0);
    } finally {
      for (MedLedgerNode n : nodes) {
        n.close();
      }
    }
  }

  /**
   * The full node as docs/deploy.md section 11 sets it up: the validator's node.json with its own
   * name, certificate, HTTPS API certificate, ports and {@code "role": "full"}, every validator a
   * peer, its own secrets and the network's shared ones copied from the validator.
   */
  private static MedLedgerNode startFullNode(NodeConfig validator, Path folder, Map<String, Path> configs) throws Exception {
    List<PeerAddress> peers = new ArrayList<>();
    for (Path c : configs.values()) {
      NodeConfig v = NodeConfig.read(c);
      peers.add(new PeerAddress(v.nodeName(), "127.0.0.1", v.p2pPort()));
    }
    NodeConfig config = new NodeConfig("hospital-a-full-1", validator.organisation(), validator.genesis(), folder.resolve("data"),
        folder.resolve("cert.pem"), folder.resolve("key.pem"), "127.0.0.1", freePort(), "127.0.0.1", freePort(), peers)
        .withApiTransport(new ApiTransport(folder.resolve("api/cert.pem"), folder.resolve("api/key.pem"), false, null))
        .withRole(NodeRole.FULL);
    if (Files.exists(folder.resolve("tls/cert.pem"))) {
      // gm: links with the P-256 transport certificate `user add` wrote beside the node's own.
      config = new NodeConfig(config.nodeName(), config.organisation(), config.genesis(), config.dataDir(), config.certificate(),
          config.privateKey(), config.apiHost(), config.apiPort(), config.p2pHost(), config.p2pPort(), config.peers(),
          folder.resolve("tls/cert.pem"), folder.resolve("tls/key.pem"), config.consensusTimeouts(), config.heartbeatMillis(),
          config.stateRetentionBlocks(), config.apiTransport(), config.portalTokenSignIn(), config.role());
    }
    Path file = folder.resolve("node.json");
    config.write(file);
    CommandRun secrets = medledger("node", "secrets", "--config", file.toString());
    assertThat(secrets.exit()).as(secrets.err()).isZero();
    Path shared = validator.dataDir().resolve("secrets");
    for (String name : List.of("insurance-line-salt.key", "network-scan-place.key")) {
      if (Files.exists(shared.resolve(name))) {
        Files.copy(shared.resolve(name), config.dataDir().resolve("secrets").resolve(name),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return MedLedgerNode.start(NodeConfig.read(file));
  }

  private static void await(String what, long millis, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
