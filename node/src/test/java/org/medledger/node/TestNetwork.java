package org.medledger.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.medledger.node.config.NodeConfig;

/** A one-validator network written to a folder, with users of three organisations. Keys made at run time. */
public final class TestNetwork {
  public record User(String name, String organisation, Role role, X509Certificate certificate, KeyPair keys, Hash id, Signer signer) {
    public String pem() {
      return Pem.certificate(certificate);
    }
  }

  public final CryptoSuite suite;
  public final Path dir;
  public final Genesis genesis;
  public final NodeConfig config;
  public final Map<String, User> users = new LinkedHashMap<>();
  public final CertificateAuthority caA;
  private final SecureRandom random = new SecureRandom();
  private long nonce = 1;

  /** What the genesis lets a hospital's certificates be. */
  public static final List<Role> HOSPITAL_ROLES = List.of(Role.ADMIN, Role.CLINICIAN, Role.PATIENT, Role.NODE);

  public TestNetwork(Path dir, String suiteId) throws IOException {
    this.dir = dir;
    this.suite = CryptoSuites.byId(suiteId);
    long now = System.currentTimeMillis();
    Date from = new Date(now - 3_600_000L);
    Date to = new Date(now + 3_600_000L * 24 * 365);
    caA = CertificateAuthority.create(suite, "hospital-a", from, to, random);
    CertificateAuthority caB = CertificateAuthority.create(suite, "hospital-b", from, to, random);
    CertificateAuthority caR = CertificateAuthority.create(suite, "regulator", from, to, random);
    KeyPair nodeKeys = suite.signatures().generateKeyPair(random);
    X509Certificate nodeCert = caA.issueNode("hospital-a-node", nodeKeys.getPublic(), from, to, List.of("localhost"), List.of("127.0.0.1"));
    Files.writeString(dir.resolve("node-cert.pem"), Pem.certificate(nodeCert));
    Files.writeString(dir.resolve("node-key.pem"), Pem.privateKey(nodeKeys.getPrivate()));
    user(caA, "admin-a", Role.ADMIN, from, to);
    user(caA, "dr-wang", Role.CLINICIAN, from, to);
    user(caB, "admin-b", Role.ADMIN, from, to);
    user(caB, "dr-li", Role.CLINICIAN, from, to);
    user(caR, "inspector", Role.REGULATOR, from, to);
    user(caA, "patient-1", Role.PATIENT, from, to);
    user(caA, "patient-2", Role.PATIENT, from, to);
    genesis = new Genesis("test-chain", suite.id(), now - 1000,
        List.of(new Organisation("hospital-a", Pem.certificate(caA.certificate()), HOSPITAL_ROLES),
            new Organisation("hospital-b", Pem.certificate(caB.certificate()), HOSPITAL_ROLES),
            new Organisation("regulator", Pem.certificate(caR.certificate()), List.of(Role.REGULATOR, Role.ADMIN, Role.NODE))),
        List.of(new ValidatorEntry("hospital-a", "hospital-a-node", Pem.certificate(nodeCert), NodeEncryptionKey.create(suite,
            suite.signatures().signer(nodeKeys), "test-chain", "hospital-a-node", NodeEncryptionKey.fileFor(dir.resolve("node-key.pem")),
            random))),
        List.of(), new ChainParameters(64 * 1024, 2000, 50, 600_000))
        // The applications this test's class path ships (a node's own tests: none): absent, the
        // genesis would name the whole release's and a node without them refuses to start.
        .withApplications(org.medledger.node.application.Applications.onClassPath().shipped())
        // As network init writes it: a chain founded with this release starts under its protocol.
        .withProtocolVersion(org.medledger.core.governance.ProtocolVersion.CURRENT);
    Files.writeString(dir.resolve("genesis.json"), GenesisJson.write(genesis));
    config = new NodeConfig("hospital-a-node", "hospital-a", dir.resolve("genesis.json"), dir.resolve("data"),
        dir.resolve("node-cert.pem"), dir.resolve("node-key.pem"), "127.0.0.1", 0).withPlainLoopbackApi();
    // The operator makes the node's secrets on purpose; the node never does (issue 20 finding 5).
    NodeSecrets.createMissing(config.dataDir(), true, Applications.onClassPath().all());
  }

  private void user(CertificateAuthority ca, String name, Role role, Date from, Date to) {
    KeyPair k = suite.signatures().generateKeyPair(random);
    X509Certificate c = ca.issueUser(name, role, k.getPublic(), from, to);
    users.put(name, new User(name, ca.organisation(), role, c, k, CertificateId.of(suite.hash(), c), suite.signatures().signer(k)));
  }

  /** A client of {@code node} logged in as the named user (the certificate need not be registered yet). */
  public org.medledger.client.MedLedgerClient login(MedLedgerNode node, String name) {
    org.medledger.client.MedLedgerClient c = new org.medledger.client.MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    User u = user(name);
    c.login(new org.medledger.client.ClientIdentity(suite, u.certificate(), u.keys().getPrivate()));
    return c;
  }

  private final Map<String, KeyPair> encryptionKeys = new java.util.concurrent.ConcurrentHashMap<>();

  /** A user's encryption key pair (a patient's second pair, apart from her signing key), made on first use. */
  public KeyPair encryptionKeys(String name) {
    return encryptionKeys.computeIfAbsent(name, n -> suite.generateEncryptionKeyPair(random));
  }

  /** The {@code encryptionKeyCertificate} argument of {@code patients.register} for a patient user: her encryption key, signed by her key. */
  public String encryptionKeyCertificate(String name) {
    return org.medledger.apps.records.contract.patient.PatientEncryptionKey.certificate(suite, user(name).signer(), genesis.chainId(),
        encryptionKeys(name).getPublic());
  }

  public User user(String name) {
    return users.get(name);
  }

  public synchronized Transaction tx(User u, String contract, String method, String... args) {
    return new Transaction.Payload(suite.id(), genesis.chainId(), u.id(), nonce++, System.currentTimeMillis(), contract, method,
        Args.of(args)).sign(u.signer());
  }

  public Transaction register(User u) {
    return tx(u, "membership", "register", "certificate", u.pem());
  }

  public Transaction anchor(User u, String fingerprint) {
    return tx(u, "notary", "anchor", "hash", fingerprint, "type", "lab-report");
  }

  public String fingerprint(String content) {
    return org.medledger.crypto.Hex.encode(suite.hash().hash(content.getBytes()));
  }
}
