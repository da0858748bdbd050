package org.medledger.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
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
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.network.PeerAddress;
import org.medledger.node.NodeEncryptionKey;
import org.medledger.node.NodeSecrets;
import org.medledger.node.config.ApiTransport;
import org.medledger.node.config.NodeConfig;

/**
 * Writes a whole network folder: per organisation a CA, an admin user and (for validators) a node
 * with its config; extra users on request; and the genesis naming them all.
 *
 * <pre>
 * OUT/genesis.json
 * OUT/&lt;org&gt;/ca/{cert.pem,key.pem}
 * OUT/&lt;org&gt;/node/{cert.pem,key.pem,encryption-key.pem,node.json,genesis.json}     validators only (folder 0700)
 * OUT/&lt;org&gt;/node/api/{cert.pem,key.pem}          the REST API's HTTPS certificate (folder 0700, key 0600)
 * OUT/&lt;org&gt;/users/&lt;name&gt;/{cert.pem,key.pem}
 * </pre>
 *
 * <p>Each node folder is self-contained: it holds its own copy of the genesis, and its node.json
 * names every file relative to itself, so an organisation copies only {@code OUT/<org>/node} to
 * its host.
 */
public final class NetworkInitializer {
  public record User(String organisation, String name, Role role) {}

  /** The node folder's own copy of the genesis, beside its node.json. */
  static final String NODE_GENESIS = "genesis.json";

  private final CryptoSuite suite;
  private final String chainId;
  private final List<String> organisations;
  private final List<String> validatorOrganisations;
  private final List<User> extraUsers;
  private final int firstApiPort;
  private final int firstP2pPort;
  private final List<String> hosts;
  private final Map<String, List<Role>> roles;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private java.util.Optional<org.medledger.core.genesis.GovernanceRules> governance = java.util.Optional.empty();
  private Map<String, OwnCertificates.Organisation> own = Map.of();
  /** A consortium founded with this release starts under its rules (docs/governance.md, Upgrades). */
  private int protocolVersion = org.medledger.core.governance.ProtocolVersion.CURRENT;

  public NetworkInitializer(String suite, String chainId, List<String> organisations, List<String> validatorOrganisations,
      List<User> extraUsers, int firstApiPort, Clock clock) {
    this(suite, chainId, organisations, validatorOrganisations, extraUsers, firstApiPort, firstApiPort - 8080 + 7400,
        List.of(), clock);
  }

  /**
   * @param firstP2pPort node-to-node port of the first validator; the next get +1
   * @param hosts one address per validator (where it listens and its peers dial it); empty: all
   *     on 127.0.0.1
   */
  public NetworkInitializer(String suite, String chainId, List<String> organisations, List<String> validatorOrganisations,
      List<User> extraUsers, int firstApiPort, int firstP2pPort, List<String> hosts, Clock clock) {
    this(suite, chainId, organisations, validatorOrganisations, extraUsers, firstApiPort, firstP2pPort, hosts,
        OrganisationRoles.of(organisations, List.of()), clock);
  }

  /** @param roles the roles the genesis grants each organisation ({@link OrganisationRoles}) */
  public NetworkInitializer(String suite, String chainId, List<String> organisations, List<String> validatorOrganisations,
      List<User> extraUsers, int firstApiPort, int firstP2pPort, List<String> hosts, Map<String, List<Role>> roles,
      Clock clock) {
    this.roles = Map.copyOf(roles);
    this.suite = CryptoSuites.byId(suite);
    this.chainId = chainId;
    this.organisations = List.copyOf(organisations);
    this.validatorOrganisations = List.copyOf(validatorOrganisations);
    this.extraUsers = List.copyOf(extraUsers);
    this.firstApiPort = firstApiPort;
    this.firstP2pPort = firstP2pPort;
    this.hosts = List.copyOf(hosts);
    this.clock = clock;
    if (!hosts.isEmpty() && hosts.size() != validatorOrganisations.size()) {
      throw new IllegalArgumentException("--hosts names " + hosts.size() + " addresses for " + validatorOrganisations.size()
          + " validators; give one per validator, in the same order");
    }
    if (organisations.isEmpty()) {
      throw new IllegalArgumentException("--orgs names no organisation");
    }
    if (organisations.stream().distinct().count() != organisations.size()) {
      throw new IllegalArgumentException("--orgs names an organisation twice");
    }
    for (String v : validatorOrganisations) {
      if (!organisations.contains(v)) {
        throw new IllegalArgumentException("validator organisation '" + v + "' is not in --orgs");
      }
    }
    for (User u : extraUsers) {
      if (!organisations.contains(u.organisation())) {
        throw new IllegalArgumentException("user " + u.name() + " belongs to unknown organisation '" + u.organisation() + "'");
      }
      if (!roles.getOrDefault(u.organisation(), List.of()).contains(u.role())) {
        throw new IllegalArgumentException("user " + u.name() + " would be a " + u.role().wireName() + ", a role "
            + u.organisation() + " does not hold (it holds " + roles.get(u.organisation()) + "; grant it with --roles)");
      }
    }
  }

  /**
   * The genesis written starts the chain at {@code version} rather than this release's: for a
   * consortium whose nodes must match an older release. Within 1 and this release's version.
   */
  public NetworkInitializer withProtocolVersion(int version) {
    int current = org.medledger.core.governance.ProtocolVersion.CURRENT;
    if (version < 1 || version > current) {
      throw new IllegalArgumentException("--protocol-version " + version + " is not one this release runs: it runs"
          + " protocol versions 1 to " + current + " (" + current + " unless told otherwise)");
    }
    this.protocolVersion = version;
    return this;
  }

  /** The genesis written enables on-chain governance under these rules (docs/governance.md). */
  public NetworkInitializer withGovernance(org.medledger.core.genesis.GovernanceRules rules) {
    this.governance = java.util.Optional.of(rules);
    return this;
  }

  /**
   * Organisations that keep their own CA offline (checked, OwnCertificates): init makes no CA, admin
   * or node key for them; it writes their CA certificate, and their node folder without its private
   * keys, which stay where `medledger node request` made them.
   */
  NetworkInitializer withOwnCertificates(Map<String, OwnCertificates.Organisation> organisations) {
    for (User u : extraUsers) {
      if (organisations.containsKey(u.organisation())) {
        throw new IllegalArgumentException("user " + u.name() + ": network init cannot issue users for " + u.organisation()
            + ", whose CA key it does not hold (its CA issues them: medledger user add --ca on the CA's machine)");
      }
    }
    for (int i = 0; i < validatorOrganisations.size(); i++) {
      String org = validatorOrganisations.get(i);
      OwnCertificates.Organisation o = organisations.get(org);
      if (o != null && o.node().isPresent() && !o.node().get().request().host().equals(host(i))) {
        throw new IllegalArgumentException("--node-cert " + org + ": the node was requested for host "
            + o.node().get().request().host() + " but --hosts gives it " + host(i)
            + " (its certificates name the host its peers dial; make the request with --host " + host(i) + ")");
      }
    }
    this.own = Map.copyOf(organisations);
    return this;
  }

  /** Creates the folder; refuses to overwrite an existing genesis. Returns the node config files. */
  public Map<String, Path> write(Path out) throws IOException {
    if (Files.exists(out.resolve("genesis.json"))) {
      throw new IllegalStateException(out.resolve("genesis.json") + " already exists; choose another --out");
    }
    Files.createDirectories(out);
    long now = clock.millis();
    Date from = new Date(now - 3600_000L);
    Date to = new Date(now + 5L * 365 * 24 * 3600_000L);
    List<Organisation> orgs = new ArrayList<>();
    List<ValidatorEntry> validators = new ArrayList<>();
    Map<String, Path> configs = new LinkedHashMap<>();
    Map<String, CertificateAuthority> cas = new LinkedHashMap<>();
    List<String> admins = new ArrayList<>();
    for (String org : organisations) {
      OwnCertificates.Organisation brought = own.get(org);
      if (brought != null) {
        // Its CA key stays offline with its owner: only the certificates come here.
        Files.createDirectories(out.resolve(org).resolve("ca"));
        Files.writeString(out.resolve(org).resolve("ca").resolve("cert.pem"), Pem.certificate(brought.ca()));
        orgs.add(new Organisation(org, Pem.certificate(brought.ca()), roles.get(org)));
        admins.add(Pem.certificate(brought.admin()));
        continue;
      }
      CertificateAuthority ca = CertificateAuthority.create(suite, org, from, to, random);
      cas.put(org, ca);
      writeKeyPair(out.resolve(org).resolve("ca"), ca.certificate(), ca.keyPair());
      orgs.add(new Organisation(org, Pem.certificate(ca.certificate()), roles.get(org)));
      KeyPair adminKeys = suite.signatures().generateKeyPair(random);
      X509Certificate admin = ca.issueUser(org + "-admin", Role.ADMIN, adminKeys.getPublic(), from, to);
      writeKeyPair(out.resolve(org).resolve("users").resolve("admin"), admin, adminKeys);
      admins.add(Pem.certificate(admin));
    }
    for (User u : extraUsers) {
      KeyPair k = suite.signatures().generateKeyPair(random);
      writeKeyPair(out.resolve(u.organisation()).resolve("users").resolve(u.name()),
          cas.get(u.organisation()).issueUser(u.name(), u.role(), k.getPublic(), from, to), k);
    }
    Path genesisFile = out.resolve("genesis.json");
    int n = validatorOrganisations.size();
    List<PeerAddress> addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      addresses.add(new PeerAddress(validatorOrganisations.get(i) + "-node", host(i), firstP2pPort + i));
    }
    // The applications' network secrets (the drugs' scan place key): the same bytes for every validator.
    java.util.SortedMap<String, byte[]> shared = NodeSecrets.newNetworkSecrets(
        java.util.ServiceLoader.load(org.medledger.node.application.Application.class));
    for (int i = 0; i < n; i++) {
      String org = validatorOrganisations.get(i);
      Path nodeDir = out.resolve(org).resolve("node");
      for (var secret : shared.entrySet()) {
        NodeSecrets.installNetworkSecret(nodeDir.resolve("data"), secret.getKey(), secret.getValue());
      }
      List<String> ips = new ArrayList<>(List.of("127.0.0.1"));
      if (!ips.contains(host(i))) {
        ips.add(host(i));
      }
      Path apiDir = nodeDir.resolve("api");
      if (own.containsKey(org)) {
        // The node's keys (key.pem, encryption-key.pem, api/key.pem) stay on its host; its CA signed its request.
        OwnCertificates.Node brought = own.get(org).node().orElseThrow();
        Files.createDirectories(apiDir);
        Files.writeString(nodeDir.resolve("cert.pem"), Pem.certificate(brought.certificate()));
        Files.writeString(apiDir.resolve("cert.pem"), Pem.certificate(brought.api()));
        validators.add(new ValidatorEntry(org, org + "-node", Pem.certificate(brought.certificate()),
            brought.request().encryptionKey()));
      } else {
        KeyPair k = suite.signatures().generateKeyPair(random);
        X509Certificate cert = nodeCertificate(cas.get(org), org, k.getPublic(), from, to, host(i));
        writeKeyPair(nodeDir, cert, k);
        // Its encryption key apart from the signing key, certified by it in the genesis (issue 23, finding 6).
        validators.add(new ValidatorEntry(org, org + "-node", Pem.certificate(cert), NodeEncryptionKey.create(suite,
            suite.signatures().signer(k), chainId, org + "-node", NodeEncryptionKey.fileFor(nodeDir.resolve("key.pem")), random)));
      }
      List<PeerAddress> peers = new ArrayList<>(addresses);
      peers.remove(i);
      Path tlsCert = null;
      Path tlsKey = null;
      if (NodeRequest.needsTransportKey(suite.id())) {
        // The JDK's TLS has no SM2: node-to-node TLS uses a P-256 key certified by the SM2 CA.
        Path tlsDir = nodeDir.resolve("tls");
        if (own.containsKey(org)) {
          // Its CA issued it with the node certificate (`ca sign`); its key stays on the node's host.
          Files.createDirectories(tlsDir);
          Files.writeString(tlsDir.resolve("cert.pem"), Pem.certificate(own.get(org).node().orElseThrow().transport()));
        } else {
          KeyPair t = CryptoSuites.intl().signatures().generateKeyPair(random);
          X509Certificate node = Pem.parseCertificate(Files.readString(nodeDir.resolve("cert.pem")));
          writeKeyPair(tlsDir, transportCertificate(cas.get(org), org, t.getPublic(), node, from, to, host(i)), t);
        }
        tlsCert = tlsDir.resolve("cert.pem");
        tlsKey = tlsDir.resolve("key.pem");
      }
      if (!own.containsKey(org)) {
        // The REST API's own certificate and key: the node's signing key never sits behind the web server.
        KeyPair apiKeys = CryptoSuites.intl().signatures().generateKeyPair(random);
        writePrivateKeyPair(apiDir, apiCertificate(cas.get(org), org, apiKeys.getPublic(), from, to, host(i)), apiKeys);
      }
      String authority = (host(i).contains(":") ? "[" + host(i) + "]" : host(i)) + ":" + (firstApiPort + i);
      NodeConfig cfg = new NodeConfig(org + "-node", org, nodeDir.resolve(NODE_GENESIS), nodeDir.resolve("data"), nodeDir.resolve("cert.pem"),
          nodeDir.resolve("key.pem"), host(i), firstApiPort + i, host(i), firstP2pPort + i, n == 1 ? List.of() : peers,
          tlsCert, tlsKey)
          .withApiTransport(ApiTransport.tls(apiDir.resolve("cert.pem"), apiDir.resolve("key.pem"))
              .withPublicUrl("https://" + authority));
      Path cfgFile = nodeDir.resolve("node.json");
      cfg.write(cfgFile);
      // The node makes none of its secrets itself (issue 20 finding 5): init makes them, on purpose.
      NodeSecrets.createMissing(cfg.dataDir(), true, Applications.onClassPath().all());
      configs.put(org, cfgFile);
    }
    // Names the applications this release ships, so the chain says what it runs (issue 14); a
    // node lacking one of them refuses to start, naming it.
    Genesis g = new Genesis(chainId, suite.id(), now, orgs, validators, List.of(), ChainParameters.DEFAULTS)
        .withApplications(org.medledger.node.application.Applications.onClassPath().shipped())
        // Each admin registered from the first block: it submits at once, and registers its
        // organisation's users (`medledger user add`) with no registration of its own first.
        .withRegisteredCertificates(admins);
    if (governance.isPresent()) {
      g = g.withGovernance(governance.get());
    }
    g = g.withProtocolVersion(protocolVersion);
    String genesisJson = GenesisJson.write(g);
    Files.writeString(genesisFile, genesisJson);
    for (Path cfgFile : configs.values()) {
      Files.writeString(cfgFile.resolveSibling(NODE_GENESIS), genesisJson);
    }
    return configs;
  }

  /** The REST API's server certificate for a node reached at {@code host} (an IP literal or a DNS name). */
  static X509Certificate apiCertificate(CertificateAuthority ca, String org, java.security.PublicKey key, Date from, Date to,
      String host) {
    List<String> ips = new ArrayList<>(List.of("127.0.0.1"));
    boolean ipHost = host.matches("[0-9.]+") || host.contains(":");
    if (ipHost && !ips.contains(host)) {
      ips.add(host);
    }
    return ca.issueApiServer(org + "-node", key, from, to, ipHost ? List.of("localhost") : List.of("localhost", host), ips);
  }

  /**
   * A gm node's P-256 transport certificate ({@code <node>-tls}) for a node reached at {@code host},
   * bound to the node certificate it goes with (CertificateAuthority#issueTransport): a rotation of
   * that node certificate retires it.
   */
  static X509Certificate transportCertificate(CertificateAuthority ca, String org, java.security.PublicKey key,
      X509Certificate nodeCertificate, Date from, Date to, String host) {
    List<String> ips = new ArrayList<>(List.of("127.0.0.1"));
    boolean ipHost = host.matches("[0-9.]+") || host.contains(":");
    if (ipHost && !ips.contains(host)) {
      ips.add(host);
    }
    return ca.issueTransport(org + "-node", key, CertificateId.of(ca.suite().hash(), nodeCertificate),
        from, to, ipHost ? List.of("localhost") : List.of("localhost", host), ips);
  }

  /** The node certificate for a node reached at {@code host}: localhost, 127.0.0.1 and the host. */
  static X509Certificate nodeCertificate(CertificateAuthority ca, String org, java.security.PublicKey key, Date from, Date to,
      String host) {
    List<String> ips = new ArrayList<>(List.of("127.0.0.1"));
    if (!ips.contains(host)) {
      ips.add(host);
    }
    return ca.issueNode(org + "-node", key, from, to, List.of("localhost"), ips);
  }

  private String host(int validator) {
    return hosts.isEmpty() ? "127.0.0.1" : hosts.get(validator);
  }

  /**
   * A key pair whose key must stay on its host: the folder is created 0700 and the key file 0600
   * from its first byte (created with those permissions, not chmod-ed after writing).
   */
  static void writePrivateKeyPair(Path folder, X509Certificate cert, KeyPair keys) throws IOException {
    // Absolute: a folder named alone (`--out insurer-ca`) has no parent to create otherwise.
    Path dir = folder.toAbsolutePath();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.createDirectories(dir.getParent());
      if (!Files.exists(dir)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } else {
      Files.createDirectories(dir);
    }
    Files.writeString(dir.resolve("cert.pem"), Pem.certificate(cert));
    Path key = dir.resolve("key.pem");
    java.util.Set<java.nio.file.OpenOption> create = java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE);
    try (var out = posix
        ? Files.newByteChannel(key, create, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.newByteChannel(key, create)) {
      out.write(java.nio.ByteBuffer.wrap(Pem.privateKey(keys.getPrivate()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
  }

  private static void writeKeyPair(Path dir, X509Certificate cert, KeyPair keys) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cert.pem"), Pem.certificate(cert));
    // Owner-only from its first byte, not chmod-ed after it was written.
    NodeSecrets.create(dir.resolve("key.pem"),
        Pem.privateKey(keys.getPrivate()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
