package org.medledger.cli;

import static org.medledger.cli.CommandRun.medledger;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.config.NodeConfig;

/**
 * An organisation that keeps its CA offline (docs/deploy.md, "Your own CA"): the insurer makes
 * its CA on one folder (its offline machine), its node's keys and request on another (the node's
 * host), its CA signs the request, and network init takes only certificates: no key of the
 * insurer's is written by init or leaves those folders. The four nodes start; with hospital-a's
 * stopped, three of four are exactly a quorum, so a transaction the insurer's admin submits to the
 * insurer's node commits only if that node links to the others and votes. Bad input (a node
 * certificate another CA signed, a CA certificate that is no CA, a certificate for another key, an
 * organisation named twice, a CA key that is not its certificate's) is refused naming what is
 * wrong, and nothing is written.
 */
class OwnCaNetworkTest {
  @TempDir Path dir;

  private static CommandRun ok(String... args) {
    CommandRun r = medledger(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
    return r;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The insurer's CA folder, and its node folder with the certificates its CA signed for it. */
  private Path[] insurerCaAndNode(String name) throws IOException {
    return insurerCaAndNode(name, "intl");
  }

  private Path[] insurerCaAndNode(String name, String suite) throws IOException {
    Path ca = dir.resolve(name + "-ca");
    Path node = dir.resolve(name + "-host").resolve("node");
    ok("ca", "init", "--org", "insurer", "--suite", suite, "--out", ca.toString());
    ok("node", "request", "--org", "insurer", "--chain-id", "own-ca", "--host", "127.0.0.1", "--suite", suite, "--out",
        node.toString());
    Path signed = dir.resolve(name + "-signed");
    ok("ca", "sign", "--ca", ca.toString(), "--request", node.resolve("request.json").toString(), "--out", signed.toString());
    Files.copy(signed.resolve("cert.pem"), node.resolve("cert.pem"));
    Files.copy(signed.resolve("api/cert.pem"), node.resolve("api/cert.pem"));
    if (suite.equals("gm")) {
      Files.copy(signed.resolve("tls/cert.pem"), node.resolve("tls/cert.pem"));
    }
    return new Path[] {ca, node};
  }

  private List<String> init(Path out, int apiPort, int p2pPort, String... own) {
    return init("intl", out, apiPort, p2pPort, own);
  }

  private List<String> init(String suite, Path out, int apiPort, int p2pPort, String... own) {
    List<String> args = new ArrayList<>(List.of("network", "init", "--orgs", "hospital-a,hospital-b,insurer,regulator",
        "--chain-id", "own-ca", "--suite", suite, "--api-port", Integer.toString(apiPort), "--p2p-port",
        Integer.toString(p2pPort), "--out", out.toString()));
    args.addAll(List.of(own));
    return args;
  }

  @Test
  void anOrganisationWithItsOwnOfflineCaJoinsAndItsNodeLinksAndCommits() throws Exception {
    joinsLinksAndCommits("intl");
  }

  /**
   * gm: the same path with an SM2 CA, and the node's P-256 transport key (tls/key.pem) made on its
   * host beside its SM2 node key, its "-tls" certificate issued by the organisation's own CA with
   * the node certificate (`ca sign`), naming it.
   */
  @Test
  void onGmTheOwnCaIssuesTheTransportCertificateTooAndItsNodeLinksAndCommits() throws Exception {
    joinsLinksAndCommits("gm");
  }

  private void joinsLinksAndCommits(String suite) throws Exception {
    Path[] insurer = insurerCaAndNode("insurer", suite);
    Path ca = insurer[0];
    Path node = insurer[1];
    Path net = dir.resolve("net");
    int apiPort = freePort();
    ok(init(suite, net, apiPort, freePort(), "--ca-cert", "insurer=" + ca.resolve("cert.pem"), "--admin-cert",
        "insurer=" + ca.resolve("users/admin/cert.pem"), "--node-cert", "insurer=" + node.resolve("cert.pem"))
        .toArray(String[]::new));
    String caKey = Files.readString(ca.resolve("key.pem"));
    String nodeKey = Files.readString(node.resolve("key.pem"));
    String transportKey = suite.equals("gm") ? Files.readString(node.resolve("tls/key.pem")).strip() : nodeKey.strip();
    try (Stream<Path> files = Files.walk(net)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(text).as(f.toString()).doesNotContain(caKey.strip()).doesNotContain(nodeKey.strip())
            .doesNotContain(transportKey);
        if (f.startsWith(net.resolve("insurer"))) {
          assertThat(f.getFileName().toString()).as(f.toString()).isNotEqualTo("key.pem");
        }
      }
    }
    // The organisation brings init's node folder (configuration, genesis, certificates, secrets) to the node's host.
    try (Stream<Path> files = Files.walk(net.resolve("insurer/node"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = node.resolve(net.resolve("insurer/node").relativize(f));
        Files.createDirectories(to.getParent());
        Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    List<MedLedgerNode> nodes = new ArrayList<>();
    try {
      for (String org : List.of("hospital-a", "hospital-b", "regulator")) {
        nodes.add(MedLedgerNode.start(NodeConfig.read(net.resolve(org).resolve("node/node.json"))));
      }
      MedLedgerNode own = MedLedgerNode.start(NodeConfig.read(node.resolve("node.json")));
      nodes.add(own);
      nodes.get(0).close();
      CommandRun committed = ok("tx", "submit", "--api", "https://127.0.0.1:" + own.apiPort(), "--genesis",
          net.resolve("genesis.json").toString(), "--identity", ca.resolve("users/admin").toString(), "--contract",
          "membership", "--method", "register", "--arg", "certificate=" + Files.readString(ca.resolve("users/admin/cert.pem")));
      assertThat(committed.out()).contains("\"success\" : true");
      assertThat(own.ledger().height()).isPositive();
    } finally {
      for (MedLedgerNode n : nodes) {
        n.close();
      }
    }
  }

  /**
   * gm's own refusals: a transport certificate for another node's key, one its CA did not bind to
   * this node certificate, and an intl request in a gm network; nothing is written.
   */
  @Test
  void onGmATransportCertificateThatDoesNotHoldIsRefusedNamingWhatIsWrong() throws Exception {
    Path[] first = insurerCaAndNode("first", "gm");
    Path[] other = insurerCaAndNode("other", "gm");
    String ownCa = "insurer=" + first[0].resolve("cert.pem");
    String admin = "insurer=" + first[0].resolve("users/admin/cert.pem");
    Path out = dir.resolve("refused");

    // The first node's folder with a transport certificate the first CA issued for the other node's request.
    Path signedForOther = dir.resolve("signed-for-other");
    ok("ca", "sign", "--ca", first[0].toString(), "--request", other[1].resolve("request.json").toString(), "--out",
        signedForOther.toString());
    Path swapped = dir.resolve("swapped-transport");
    Files.createDirectories(swapped.resolve("tls"));
    Files.createDirectories(swapped.resolve("api"));
    for (String f : List.of("request.json", "cert.pem", "api/cert.pem")) {
      Files.copy(first[1].resolve(f), swapped.resolve(f));
    }
    Files.copy(signedForOther.resolve("tls/cert.pem"), swapped.resolve("tls/cert.pem"));
    CommandRun otherKey = medledger(init("gm", out, 8080, 7400, "--ca-cert", ownCa, "--admin-cert", admin, "--node-cert",
        "insurer=" + swapped.resolve("cert.pem")).toArray(String[]::new));
    assertThat(otherKey.exit()).isNotZero();
    assertThat(otherKey.err()).contains("tls/cert.pem is for another key than the request's transport key");

    // A request whose transport key was swapped on the way: its node key did not sign that key.
    Path altered = dir.resolve("altered");
    Files.createDirectories(altered);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var request = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(Files.readString(first[1].resolve("request.json")));
    request.put("transportKey", json.readTree(Files.readString(other[1].resolve("request.json"))).get("transportKey").asText());
    Files.writeString(altered.resolve("request.json"), request.toPrettyString());
    CommandRun tampered = medledger("ca", "sign", "--ca", first[0].toString(), "--request",
        altered.resolve("request.json").toString(), "--out", dir.resolve("never").toString());
    assertThat(tampered.exit()).isNotZero();
    assertThat(tampered.err()).contains("its transportKey is not signed by its node key");
    assertThat(dir.resolve("never")).doesNotExist();

    // An intl node's request and certificates brought to a gm network.
    Path[] intl = insurerCaAndNode("intl", "intl");
    CommandRun wrongSuite = medledger(init("gm", out, 8080, 7400, "--ca-cert", "insurer=" + intl[0].resolve("cert.pem"),
        "--admin-cert", "insurer=" + intl[0].resolve("users/admin/cert.pem"), "--node-cert",
        "insurer=" + intl[1].resolve("cert.pem")).toArray(String[]::new));
    assertThat(wrongSuite.exit()).isNotZero();
    assertThat(wrongSuite.err()).contains("insurer=");
    assertThat(out).doesNotExist();
  }

  @Test
  void aCaFolderNamedByItselfInTheWorkingFolderIsMade() throws Exception {
    // `--out insurer-ca`, as the guide writes it: a path of one name, which has no parent of its own.
    Path alone = Path.of("own-ca-test-" + System.nanoTime());
    try {
      ok("ca", "init", "--org", "insurer", "--out", alone.toString());
      assertThat(alone.resolve("key.pem")).exists();
      assertThat(alone.resolve("users/admin/cert.pem")).exists();
    } finally {
      if (Files.exists(alone)) {
        try (Stream<Path> files = Files.walk(alone)) {
          for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(f);
          }
        }
      }
    }
  }

  @Test
  void certificatesThatDoNotHoldAreRefusedNamingWhatIsWrongAndNothingIsWritten() throws Exception {
    Path[] first = insurerCaAndNode("first");
    Path[] other = insurerCaAndNode("other");
    String admin = "insurer=" + first[0].resolve("users/admin/cert.pem");
    Path out = dir.resolve("refused");

    CommandRun foreignNode = medledger(init(out, 8080, 7400, "--ca-cert", "insurer=" + first[0].resolve("cert.pem"), "--admin-cert",
        admin, "--node-cert", "insurer=" + other[1].resolve("cert.pem")).toArray(String[]::new));
    assertThat(foreignNode.exit()).isNotZero();
    assertThat(foreignNode.err()).contains("--node-cert insurer=" + other[1].resolve("cert.pem")).contains("is not signed by the CA of insurer");

    CommandRun notACa = medledger(init(out, 8080, 7400, "--ca-cert", admin, "--admin-cert", admin, "--node-cert",
        "insurer=" + first[1].resolve("cert.pem")).toArray(String[]::new));
    assertThat(notACa.exit()).isNotZero();
    assertThat(notACa.err()).contains("--ca-cert insurer=").contains("is not a CA certificate");

    // The other node's certificate, issued by the first CA, beside the first node's request: another key.
    Path mismatched = dir.resolve("mismatched");
    Files.createDirectories(mismatched.resolve("api"));
    Files.copy(first[1].resolve("request.json"), mismatched.resolve("request.json"));
    Files.copy(first[1].resolve("api/cert.pem"), mismatched.resolve("api/cert.pem"));
    Path signedForOther = dir.resolve("signed-for-other");
    ok("ca", "sign", "--ca", first[0].toString(), "--request", other[1].resolve("request.json").toString(), "--out",
        signedForOther.toString());
    Files.copy(signedForOther.resolve("cert.pem"), mismatched.resolve("cert.pem"));
    CommandRun wrongKey = medledger(init(out, 8080, 7400, "--ca-cert", "insurer=" + first[0].resolve("cert.pem"), "--admin-cert",
        admin, "--node-cert", "insurer=" + mismatched.resolve("cert.pem")).toArray(String[]::new));
    assertThat(wrongKey.exit()).isNotZero();
    assertThat(wrongKey.err()).contains("the certificate is for another key than the node's request names");

    CommandRun twice = medledger(init(out, 8080, 7400, "--ca-cert", "insurer=" + first[0].resolve("cert.pem"), "--ca-cert",
        "insurer=" + other[0].resolve("cert.pem"), "--admin-cert", admin, "--node-cert",
        "insurer=" + first[1].resolve("cert.pem")).toArray(String[]::new));
    assertThat(twice.exit()).isNotZero();
    assertThat(twice.err()).contains("--ca-cert names organisation insurer twice");

    CommandRun noNode = medledger(init(out, 8080, 7400, "--ca-cert", "insurer=" + first[0].resolve("cert.pem"), "--admin-cert",
        admin).toArray(String[]::new));
    assertThat(noNode.err()).contains("insurer runs a validator, so also give --node-cert insurer=");
    assertThat(out).doesNotExist();

    // A CA folder whose key.pem is another CA's signs nothing.
    Path swapped = dir.resolve("swapped-ca");
    Files.createDirectories(swapped);
    Files.copy(first[0].resolve("cert.pem"), swapped.resolve("cert.pem"));
    Files.copy(other[0].resolve("key.pem"), swapped.resolve("key.pem"));
    CommandRun badCa = medledger("ca", "sign", "--ca", swapped.toString(), "--request", first[1].resolve("request.json").toString(),
        "--out", dir.resolve("never").toString());
    assertThat(badCa.exit()).isNotZero();
    assertThat(badCa.err()).contains("key.pem is not the key of cert.pem");
    assertThat(dir.resolve("never")).doesNotExist();
  }
}
