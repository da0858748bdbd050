package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.config.NodeConfig;

/**
 * The operator's path on a real node (RocksDB, HTTPS, the genesis network init wrote), driven
 * through the `medledger` command itself: the admins network init made submit at once, `user
 * add|renew|revoke` issue and register users, `login` writes a token `api get` uses, and `tx
 * submit`'s exit code tells a committed failure and a refusal from a success.
 */
class OperatorPathTest {
  @TempDir
  static Path dir;

  static MedLedgerNode node;
  static Path net;
  static String api;

  @BeforeAll
  static void startTheNode() throws Exception {
    net = dir.resolve("net");
    int apiPort = TestPorts.freePort();
    Map<String, Path> configs = new NetworkInitializer("intl", "operator-test", List.of("hospital-a", "regulator"),
        List.of("hospital-a"), List.of(), apiPort, TestPorts.freePort(), List.of(), Clock.systemUTC()).write(net);
    node = MedLedgerNode.start(NodeConfig.read(configs.get("hospital-a")), Clock.systemUTC(), null);
    api = "https://127.0.0.1:" + node.apiPort();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }


  private record Run(int code, String out, String err) {}

  private static Run medledger(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      var line = Main.commandLine();
      line.setErr(new PrintWriter(System.err, true));
      code = line.execute(all.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String[] at(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--api", api, "--genesis", net.resolve("genesis.json").toString()));
    return all.toArray(String[]::new);
  }

  private static String admin(String org) {
    return net.resolve(org).resolve("users/admin").toString();
  }

  @Test
  void theAdminNetworkInitMadeSubmitsWithoutRegisteringFirst() {
    Run r = medledger(at("tx", "submit", "--identity", admin("hospital-a"), "--contract", "notary", "--method", "anchor",
        "--arg", "hash=" + "a1".repeat(32), "--arg", "type=lab-report"));
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("\"success\" : true");
    // Tools written before the genesis registered admins still submit the admin's registration: it succeeds, changing nothing.
    Run again = medledger(at("tx", "submit", "--identity", admin("hospital-a"), "--contract", "membership", "--method",
        "register", "--arg", "certificate=" + read(net.resolve("hospital-a/users/admin/cert.pem"))));
    assertThat(again.code()).as(again.out() + again.err()).isZero();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void txSubmitExitsOneOnACommittedFailureAndThreeOnARefusal() {
    Run failed = medledger(at("tx", "submit", "--identity", admin("hospital-a"), "--contract", "membership", "--method",
        "revoke", "--arg", "certificate=" + "00".repeat(32)));
    assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(TxCommand.FAILED);
    assertThat(failed.out()).contains("not_found");
    Run refused = medledger(at("tx", "submit", "--identity", admin("hospital-a"), "--contract", "no-such-contract",
        "--method", "x"));
    assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(TxCommand.REFUSED);
    assertThat(refused.err()).contains("refused by the node");
  }

  @Test
  void aUserAddedLogsInAndLosesHerTokenWhenRevoked() throws Exception {
    Path li = net.resolve("hospital-a/users/dr-li");
    Run add = medledger(at("user", "add", "--admin", admin("hospital-a"), "--ca", net.resolve("hospital-a/ca").toString(),
        "--name", "dr-li", "--role", "clinician"));
    assertThat(add.code()).as(add.out() + add.err()).isZero();
    assertThat(li.resolve("key.pem")).exists();
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(li.resolve("key.pem"))))
        .isEqualTo("rw-------");
    Run login = medledger(at("login", "--identity", li.toString()));
    assertThat(login.code()).as(login.out() + login.err()).isZero();
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(li.resolve("token"))))
        .isEqualTo("rw-------");
    Run read = medledger(at("api", "get", "/v1/blocks/latest", "--token-file", li.resolve("token").toString()));
    assertThat(read.code()).as(read.out() + read.err()).isZero();
    assertThat(read.out()).contains("\"height\"");

    Run revoke = medledger(at("user", "revoke", "--admin", admin("hospital-a"), "--user", li.toString(), "--reason", "left"));
    assertThat(revoke.code()).as(revoke.out() + revoke.err()).isZero();
    Run after = medledger(at("api", "get", "/v1/blocks/latest", "--token-file", li.resolve("token").toString()));
    assertThat(after.code()).isNotZero();
    assertThat(after.err()).contains("401").contains("revoked");
  }

  @Test
  void aRenewedUserHasANewRegisteredCertificateAndTheOldOneIsRevoked() throws Exception {
    Path wu = net.resolve("hospital-a/users/nurse-wu");
    assertThat(medledger(at("user", "add", "--admin", admin("hospital-a"), "--ca", net.resolve("hospital-a/ca").toString(),
        "--name", "nurse-wu", "--role", "clinician")).code()).isZero();
    String oldCert = Files.readString(wu.resolve("cert.pem"));
    Path oldToken = dir.resolve("old-token");
    assertThat(medledger(at("login", "--identity", wu.toString(), "--token-file", oldToken.toString())).code()).isZero();
    Run renew = medledger(at("user", "renew", "--admin", admin("hospital-a"), "--ca", net.resolve("hospital-a/ca").toString(),
        "--user", wu.toString()));
    assertThat(renew.code()).as(renew.out() + renew.err()).isZero();
    assertThat(Files.readString(wu.resolve("cert.pem"))).isNotEqualTo(oldCert);
    assertThat(renew.out()).contains("revoked the old certificate");
    assertThat(medledger(at("login", "--identity", wu.toString())).code()).isZero();
    assertThat(medledger(at("api", "get", "/v1/blocks/latest", "--token-file", wu.resolve("token").toString())).code()).isZero();
    Run old = medledger(at("api", "get", "/v1/blocks/latest", "--token-file", oldToken.toString()));
    assertThat(old.err()).contains("revoked");
  }

  @Test
  void anAdminCannotRegisterARoleItsOrganisationIsNotGrantedNorAUserOfAnotherOrganisation() throws Exception {
    // The regulator's genesis roles are admin, node, regulator: a clinician of its own making is refused.
    Run cheat = medledger(at("user", "add", "--admin", admin("regulator"), "--ca", net.resolve("regulator/ca").toString(),
        "--name", "fake-doctor", "--role", "clinician"));
    assertThat(cheat.code()).as(cheat.out() + cheat.err()).isIn(TxCommand.FAILED, TxCommand.REFUSED);
    assertThat(cheat.out() + cheat.err()).contains("clinician");
    assertThat(net.resolve("regulator/users/fake-doctor")).doesNotExist();
    // Nor does the self-minted certificate get a token by logging in.
    var suite = CryptoSuites.intl();
    CertificateAuthority ca = UserCommand.loadCa(suite, net.resolve("regulator/ca"));
    KeyPair keys = suite.signatures().generateKeyPair(new SecureRandom());
    X509Certificate forged = UserCommand.issue(ca, "fake-doctor", Role.CLINICIAN, keys, 30);
    MedLedgerClient client = new MedLedgerClient(api, ApiServerTrust.read(net.resolve("genesis.json")));
    assertThatThrownBy(() -> client.login(new ClientIdentity(suite, forged, keys.getPrivate())))
        .isInstanceOf(ApiException.class).hasMessageContaining("401").hasMessageContaining("clinician");
    // A role name that is no role is refused before anything is sent.
    Run unknown = medledger(at("user", "add", "--admin", admin("hospital-a"), "--ca", net.resolve("hospital-a/ca").toString(),
        "--name", "x", "--role", "surgeon"));
    assertThat(unknown.code()).isEqualTo(TxCommand.LOCAL_ERROR);
    assertThat(unknown.err()).contains("'surgeon' is not a role").contains("clinician, patient, regulator");
  }

  @Test
  void aFullNodesCertificateIsANodeCertificateOfTheOrganisationRegisteredSoValidatorsLinkIt() throws Exception {
    Path folder = dir.resolve("hospital-a-full-1");
    Run add = medledger(at("user", "add", "--admin", admin("hospital-a"), "--ca", net.resolve("hospital-a/ca").toString(),
        "--name", "hospital-a-full-1", "--role", "node", "--out", folder.toString(), "--api-host", "10.0.0.11,full-1.example"));
    assertThat(add.code()).as(add.err()).isZero();
    // Its HTTPS API's own certificate, by the organisation's CA: a node's, serverAuth, naming its hosts.
    X509Certificate apiCert = org.medledger.crypto.x509.Pem.parseCertificate(Files.readString(folder.resolve("api/cert.pem")));
    assertThat(apiCert.getSubjectX500Principal().getName()).contains("CN=hospital-a-full-1-api").contains("OU=node");
    assertThat(apiCert.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList())
        .contains("localhost", "full-1.example", "127.0.0.1", "10.0.0.11");
    assertThat(apiCert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth only
    apiCert.verify(UserCommand.loadCa(CryptoSuites.intl(), net.resolve("hospital-a/ca")).certificate().getPublicKey());
    assertThat(Files.exists(folder.resolve("api/key.pem"))).isTrue();
    X509Certificate cert = org.medledger.crypto.x509.Pem.parseCertificate(Files.readString(folder.resolve("cert.pem")));
    assertThat(cert.getSubjectX500Principal().getName()).contains("OU=node").contains("CN=hospital-a-full-1");
    assertThat(cert.getExtendedKeyUsage()).as("a node's TLS usages, both ends of a link").hasSize(2);
    var peers = new org.medledger.node.membership.FullNodePeerCheck(new org.medledger.node.membership.ValidatorPeerCheck(
        node.membership(), node.ledger()::state, Clock.systemUTC(), node.genesis()::validators), node.membership(),
        node.ledger()::state, Clock.systemUTC());
    assertThat(peers.problem(cert)).as("registered: linked as a follower").isEmpty();
    // The cheat: the same organisation's CA mints another node certificate and nobody registers it.
    org.medledger.crypto.CryptoSuite suite = CryptoSuites.intl();
    KeyPair keys = suite.signatures().generateKeyPair(new SecureRandom());
    X509Certificate minted = UserCommand.issue(UserCommand.loadCa(suite, net.resolve("hospital-a/ca")), "hospital-a-full-2",
        Role.NODE, keys, 30);
    assertThat(peers.problem(minted)).get().asString().contains("nor a registered full node's");
  }

  @Test
  void anUnregisteredCertificateIsRefusedEverythingButItsOwnRegistration() throws Exception {
    var suite = CryptoSuites.intl();
    CertificateAuthority ca = UserCommand.loadCa(suite, net.resolve("hospital-a/ca"));
    KeyPair keys = suite.signatures().generateKeyPair(new SecureRandom());
    X509Certificate unregistered = UserCommand.issue(ca, "dr-unregistered", Role.CLINICIAN, keys, 30);
    MedLedgerClient client = new MedLedgerClient(api, ApiServerTrust.read(net.resolve("genesis.json")));
    client.login(new ClientIdentity(suite, unregistered, keys.getPrivate()));
    assertThatThrownBy(() -> client.get("v1/blocks/latest")).isInstanceOf(ApiException.class)
        .hasMessageContaining("401").hasMessageContaining("not registered");
    // Revoked before it was ever registered: its own registration is then refused, and so is its login.
    Path certFile = dir.resolve("unregistered.pem");
    Files.writeString(certFile, org.medledger.crypto.x509.Pem.certificate(unregistered));
    // Not by another organisation's admin (which must not register it on hospital-a's behalf either).
    Run foreign = medledger(at("user", "revoke", "--admin", admin("regulator"), "--user", certFile.toString()));
    assertThat(foreign.code()).as(foreign.out() + foreign.err()).isEqualTo(TxCommand.FAILED);
    assertThat(foreign.out()).doesNotContain("registering it");
    Run revoke = medledger(at("user", "revoke", "--admin", admin("hospital-a"), "--user", certFile.toString(), "--reason", "lost"));
    assertThat(revoke.code()).as(revoke.out() + revoke.err()).isZero();
    assertThat(revoke.out()).contains("registering it so that it can be revoked").contains("revoked certificate");
    MedLedgerClient again = new MedLedgerClient(api, ApiServerTrust.read(net.resolve("genesis.json")));
    assertThatThrownBy(() -> again.login(new ClientIdentity(suite, unregistered, keys.getPrivate())))
        .isInstanceOf(ApiException.class).hasMessageContaining("401").hasMessageContaining("revoked");
  }
}
