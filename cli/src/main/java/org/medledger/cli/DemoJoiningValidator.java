package org.medledger.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.Pem;
import org.medledger.network.PeerAddress;
import org.medledger.node.NodeEncryptionKey;
import org.medledger.node.NodeSecrets;
import org.medledger.node.application.Applications;
import org.medledger.node.config.ApiTransport;
import org.medledger.node.config.NodeConfig;

/**
 * The node folder of the demo's voted-in organisation's validator, made as {@code network init}
 * makes a genesis validator's (node key and certificate from the organisation's own CA, an
 * encryption key certified by the node key, an API certificate, the applications' secrets), but
 * for a chain that already runs: its {@code node.json} names the validators in force as peers
 * (it dials them; they take its links once its {@code add-validator} passed), and the
 * encryption-key certificate goes into the proposal instead of a genesis.
 */
final class DemoJoiningValidator {
  private DemoJoiningValidator() {}

  /** What the add-validator proposal carries and where the node's configuration is. */
  record Made(Path config, String nodeName, String nodeCertificatePem, String encryptionKeyCertificateHex) {}

  static Made write(CryptoSuite suite, String chainId, CertificateAuthority ca, Path orgDir, Path genesisFile,
      Path dataDir, int apiPort, int p2pPort, List<NodeConfig> validators, Path networkSecretsFrom) throws IOException {
    String org = ca.organisation();
    String name = org + "-node";
    Path nodeDir = orgDir.resolve("node");
    SecureRandom random = new SecureRandom();
    long now = System.currentTimeMillis();
    Date from = new Date(now - 300_000L);
    Date to = new Date(now + 3650L * 86_400_000L);
    KeyPair keys = suite.signatures().generateKeyPair(random);
    X509Certificate cert = ca.issueNode(name, keys.getPublic(), from, to, List.of("localhost"), List.of("127.0.0.1"));
    NetworkInitializer.writePrivateKeyPair(nodeDir, cert, keys);
    EncryptionKeyCertificate certified = NodeEncryptionKey.create(suite, suite.signatures().signer(keys), chainId, name,
        NodeEncryptionKey.fileFor(nodeDir.resolve("key.pem")), random);
    Path tlsCert = null;
    Path tlsKey = null;
    if (!suite.id().equals("intl")) {
      // As network init: the JDK's TLS has no SM2, so links use a P-256 key the SM2 CA certified.
      KeyPair t = CryptoSuites.intl().signatures().generateKeyPair(random);
      X509Certificate tc = NetworkInitializer.transportCertificate(ca, org, t.getPublic(), cert, from, to, "127.0.0.1");
      NetworkInitializer.writePrivateKeyPair(nodeDir.resolve("tls"), tc, t);
      tlsCert = nodeDir.resolve("tls/cert.pem");
      tlsKey = nodeDir.resolve("tls/key.pem");
    }
    KeyPair apiKeys = CryptoSuites.intl().signatures().generateKeyPair(random);
    X509Certificate apiCert = ca.issueApiServer(name, apiKeys.getPublic(), from, to, List.of("localhost"), List.of("127.0.0.1"));
    NetworkInitializer.writePrivateKeyPair(nodeDir.resolve("api"), apiCert, apiKeys);
    Path nodeGenesis = nodeDir.resolve(NetworkInitializer.NODE_GENESIS);
    Files.copy(genesisFile, nodeGenesis);
    List<PeerAddress> peers = new ArrayList<>();
    for (NodeConfig v : validators) {
      peers.add(new PeerAddress(v.nodeName(), "127.0.0.1", v.p2pPort()));
    }
    NodeConfig cfg = new NodeConfig(name, org, nodeGenesis, dataDir, nodeDir.resolve("cert.pem"), nodeDir.resolve("key.pem"),
        "127.0.0.1", apiPort, "127.0.0.1", p2pPort, peers, tlsCert, tlsKey)
        .withApiTransport(ApiTransport.tls(nodeDir.resolve("api/cert.pem"), nodeDir.resolve("api/key.pem"))
            .withPublicUrl("https://127.0.0.1:" + apiPort));
    Path cfgFile = nodeDir.resolve("node.json");
    cfg.write(cfgFile);
    // The applications' network secrets are the same bytes on every validator (the drugs' scan place key).
    for (String secret : NodeSecrets.newNetworkSecrets(java.util.ServiceLoader.load(
        org.medledger.node.application.Application.class)).keySet()) {
      Path shared = networkSecretsFrom.resolve(secret);
      if (Files.exists(shared)) {
        NodeSecrets.installNetworkSecret(dataDir, secret, Files.readAllBytes(shared));
      }
    }
    NodeSecrets.createMissing(dataDir, true, Applications.onClassPath().all());
    return new Made(cfgFile, name, Pem.certificate(cert), Hex.encode(certified.encode()));
  }
}
