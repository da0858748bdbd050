package org.medledger.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.medledger.node.application.Applications;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.network.PeerAddress;
import org.medledger.node.config.NodeConfig;

/** N validators of N organisations on loopback, each with its own folder and ports; keys made at run time. */
public final class BftTestNetwork {
  /** Organisation roles of the usual consortium: hospitals, an insurer, a regulator. */
  public static final List<org.medledger.crypto.x509.Role> HOSPITAL = List.of(org.medledger.crypto.x509.Role.ADMIN,
      org.medledger.crypto.x509.Role.CLINICIAN, org.medledger.crypto.x509.Role.PATIENT, org.medledger.crypto.x509.Role.NODE);
  public static final List<org.medledger.crypto.x509.Role> INSURER = List.of(org.medledger.crypto.x509.Role.ADMIN,
      org.medledger.crypto.x509.Role.INSURER, org.medledger.crypto.x509.Role.NODE);
  public static final List<org.medledger.crypto.x509.Role> REGULATOR = List.of(org.medledger.crypto.x509.Role.ADMIN,
      org.medledger.crypto.x509.Role.REGULATOR, org.medledger.crypto.x509.Role.NODE);

  public final CryptoSuite suite;
  public final Genesis genesis;
  public final List<NodeConfig> configs = new ArrayList<>();
  public final X509Certificate clinicianCert;
  public final Hash clinicianId;
  public final Signer clinician;
  public final java.security.PrivateKey clinicianKey;
  private final List<CertificateAuthority> cas = new ArrayList<>();
  private long nonce = 1;

  /** Another member: a user of organisation {@code org-i} with its own key. */
  public record Member(String name, X509Certificate certificate, KeyPair keys, Hash id, Signer signer) {}

  public BftTestNetwork(Path dir, String suiteId, int n) throws IOException {
    this(dir, suiteId, java.util.Collections.nCopies(n, List.of(Role.values())));
  }

  /** One organisation per entry of {@code roles}, holding those roles (the genesis's grant). */
  public BftTestNetwork(Path dir, String suiteId, List<List<Role>> roles) throws IOException {
    this(dir, suiteId, roles, g -> g);
  }

  /** As above, with the genesis amended before it is written (e.g. governance enabled). */
  public BftTestNetwork(Path dir, String suiteId, List<List<Role>> roles, java.util.function.UnaryOperator<Genesis> amend)
      throws IOException {
    int n = roles.size();
    suite = CryptoSuites.byId(suiteId);
    SecureRandom random = new SecureRandom();
    long now = System.currentTimeMillis();
    Date from = new Date(now - 3_600_000L);
    Date to = new Date(now + 3_600_000L * 24);
    List<Organisation> orgs = new ArrayList<>();
    List<ValidatorEntry> validators = new ArrayList<>();
    List<PeerAddress> addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String org = "org-" + i;
      CertificateAuthority ca = CertificateAuthority.create(suite, org, from, to, random);
      cas.add(ca);
      orgs.add(new Organisation(org, Pem.certificate(ca.certificate()), roles.get(i)));
      addresses.add(new PeerAddress(org + "-node", "127.0.0.1", freePort()));
    }
    // What the applications on the class path share between validators (network init makes the same).
    java.util.SortedMap<String, byte[]> shared = NodeSecrets.newNetworkSecrets(
        java.util.ServiceLoader.load(org.medledger.node.application.Application.class));
    for (int i = 0; i < n; i++) {
      String org = "org-" + i;
      Path nodeDir = Files.createDirectories(dir.resolve(org));
      for (var secret : shared.entrySet()) {
        NodeSecrets.installNetworkSecret(nodeDir.resolve("data"), secret.getKey(), secret.getValue());
      }
      KeyPair k = suite.signatures().generateKeyPair(random);
      X509Certificate cert = cas.get(i).issueNode(org + "-node", k.getPublic(), from, to);
      Files.writeString(nodeDir.resolve("cert.pem"), Pem.certificate(cert));
      Files.writeString(nodeDir.resolve("key.pem"), Pem.privateKey(k.getPrivate()));
      validators.add(new ValidatorEntry(org, org + "-node", Pem.certificate(cert), NodeEncryptionKey.create(suite,
          suite.signatures().signer(k), "bft-test", org + "-node", NodeEncryptionKey.fileFor(nodeDir.resolve("key.pem")), random)));
      List<PeerAddress> peers = new ArrayList<>(addresses);
      peers.remove(i);
      Path tlsCert = null;
      Path tlsKey = null;
      if (!suite.id().equals("intl")) {
        // As network init: the JDK's TLS has no SM2, so links run on a P-256 key bound to the node certificate.
        KeyPair t = CryptoSuites.intl().signatures().generateKeyPair(random);
        X509Certificate tc = cas.get(i).issueTransport(org + "-node", t.getPublic(), CertificateId.of(suite.hash(), cert),
            from, to, List.of(), List.of());
        Path tlsDir = Files.createDirectories(nodeDir.resolve("tls"));
        tlsCert = tlsDir.resolve("cert.pem");
        tlsKey = tlsDir.resolve("key.pem");
        Files.writeString(tlsCert, Pem.certificate(tc));
        Files.writeString(tlsKey, Pem.privateKey(t.getPrivate()));
      }
      configs.add(new NodeConfig(org + "-node", org, dir.resolve("genesis.json"), nodeDir.resolve("data"),
          nodeDir.resolve("cert.pem"), nodeDir.resolve("key.pem"), "127.0.0.1", 0, "127.0.0.1", addresses.get(i).port(), peers,
          tlsCert, tlsKey)
          .withPlainLoopbackApi()); // tests of the ledger speak plain HTTP on loopback, chosen here; ApiTlsNetworkTest covers TLS
      // The operator makes the node's secrets on purpose; the node never does (issue 20 finding 5).
      NodeSecrets.createMissing(nodeDir.resolve("data"), true, Applications.onClassPath().all());
    }
    KeyPair ck = suite.signatures().generateKeyPair(random);
    clinicianCert = cas.get(0).issueUser("dr-wang", Role.CLINICIAN, ck.getPublic(), from, to);
    clinicianId = CertificateId.of(suite.hash(), clinicianCert);
    clinician = suite.signatures().signer(ck);
    clinicianKey = ck.getPrivate();
    Genesis made = new Genesis("bft-test", suite.id(), now - 1000, orgs, validators, List.of(),
        new ChainParameters(64 * 1024, 2000, 20, 600_000))
        // The applications this test's class path ships (a node's own tests: none): absent, the
        // genesis would name the whole release's and a node without them refuses to start.
        .withApplications(org.medledger.node.application.Applications.onClassPath().shipped())
        // As network init writes it: a chain founded with this release starts under its protocol.
        .withProtocolVersion(org.medledger.core.governance.ProtocolVersion.CURRENT);
    genesis = amend.apply(made);
    Files.writeString(dir.resolve("genesis.json"), GenesisJson.write(genesis));
  }

  /**
   * Each validator serves its API over HTTPS with a certificate its organisation's CA issued for
   * localhost and 127.0.0.1 (as `network init` writes one), instead of plain HTTP on loopback.
   */
  public BftTestNetwork withApiTls() throws IOException {
    long now = System.currentTimeMillis();
    for (int i = 0; i < configs.size(); i++) {
      NodeConfig c = configs.get(i);
      KeyPair k = CryptoSuites.intl().signatures().generateKeyPair(new SecureRandom());
      X509Certificate api = cas.get(i).issueApiServer(c.nodeName(), k.getPublic(), new Date(now - 3_600_000L),
          new Date(now + 86_400_000L), List.of(), List.of());
      Path dir = Files.createDirectories(c.certificate().getParent().resolve("api"));
      Files.writeString(dir.resolve("cert.pem"), Pem.certificate(api));
      Files.writeString(dir.resolve("key.pem"), Pem.privateKey(k.getPrivate()));
      configs.set(i, c.withApiTransport(org.medledger.node.config.ApiTransport.tls(dir.resolve("cert.pem"), dir.resolve("key.pem"))));
    }
    return this;
  }

  /** Organisation {@code org-i}'s CA, to mint what a member acting in bad faith would. */
  public CertificateAuthority ca(int i) {
    return cas.get(i);
  }

  /** Ports this JVM handed out, so two nodes of one network never get the same one. */
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A port free now, below Linux's ephemeral range (32768 and up). A network's ports are named in its
   * configs before its nodes bind them; a port the kernel chose could meanwhile be given to an outgoing
   * connection of any test running beside this one (two modules test at once in CI: "Address already
   * in use" in BudgetNetworkTest). Ports below the range are never given out that way.
   */
  public static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 500; attempt++) {
      int p = 20_000 + random.nextInt(12_000);
      if (HANDED_OUT.contains(p)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(p));
      } catch (IOException taken) {
        continue;
      }
      if (HANDED_OUT.add(p)) {
        return p;
      }
    }
    throw new IOException("no free port between 20000 and 32000");
  }

  public synchronized Transaction tx(String contract, String method, String... args) {
    return new Transaction.Payload(suite.id(), genesis.chainId(), clinicianId, nonce++, System.currentTimeMillis(), contract,
        method, Args.of(args)).sign(clinician);
  }

  public Member member(int org, String name, Role role) {
    long now = System.currentTimeMillis();
    KeyPair k = suite.signatures().generateKeyPair(new SecureRandom());
    X509Certificate c = cas.get(org).issueUser(name, role, k.getPublic(), new Date(now - 3_600_000L), new Date(now + 86_400_000L));
    return new Member(name, c, k, CertificateId.of(suite.hash(), c), suite.signatures().signer(k));
  }

  public synchronized Transaction tx(Member by, String contract, String method, String... args) {
    return new Transaction.Payload(suite.id(), genesis.chainId(), by.id(), nonce++, System.currentTimeMillis(), contract,
        method, Args.of(args)).sign(by.signer());
  }

  /** The {@code encryptionKeyCertificate} argument of {@code patients.register}: {@code encryption} certified by the patient's key. */
  public String encryptionKeyCertificate(KeyPair patient, java.security.PublicKey encryption) {
    return org.medledger.apps.records.contract.patient.PatientEncryptionKey.certificate(suite, suite.signatures().signer(patient), genesis.chainId(),
        encryption);
  }

  /** As above, for a fresh encryption key whose private half the test does not need. */
  public String encryptionKeyCertificate(KeyPair patient) {
    return encryptionKeyCertificate(patient, suite.generateEncryptionKeyPair(new SecureRandom()).getPublic());
  }

  public Transaction register(Member m) {
    return tx(m, "membership", "register", "certificate", Pem.certificate(m.certificate()));
  }

  public Transaction registerClinician() {
    return tx("membership", "register", "certificate", Pem.certificate(clinicianCert));
  }

  public Transaction anchor(String content) {
    return tx("notary", "anchor", "hash", org.medledger.crypto.Hex.encode(suite.hash().hash(content.getBytes())),
        "type", "lab-report");
  }
}
