package org.medledger.cli;

import static org.medledger.cli.CommandRun.medledger;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Names;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.NodeKeys;

/**
 * {@code medledger governance node-key} on a network {@code network init} wrote: the rotated pair
 * lands beside the node key (the key owner only), its certificate comes from the organisation's
 * CA under the node's name with its addresses, and the new key certifies the node's same
 * encryption key. The cheats: another organisation's CA, and a second pair over the first.
 */
class RotatedNodeKeyCommandTest {
  @TempDir Path dir;

  @Test
  void theRotatedPairComesFromTheOrganisationsCaBesideTheNodeKeyAndCertifiesTheSameEncryptionKey() throws Exception {
    Path net = dir.resolve("net");
    CommandRun init = medledger("network", "init", "--orgs", "hospital-a,hospital-b", "--validators", "hospital-a,hospital-b",
        "--governance", "--chain-id", "rotate-cli", "--out", net.toString());
    assertThat(init.exit()).as(init.out() + init.err()).isZero();
    Path nodeDir = net.resolve("hospital-a/node");
    String config = nodeDir.resolve("node.json").toString();

    CommandRun other = medledger("governance", "node-key", "--config", config, "--ca", net.resolve("hospital-b/ca").toString());
    assertThat(other.exit()).isNotZero();
    assertThat(other.err()).contains("hospital-b's CA, not hospital-a's");

    CommandRun made = medledger("governance", "node-key", "--config", config, "--ca", net.resolve("hospital-a/ca").toString());
    assertThat(made.exit()).as(made.out() + made.err()).isZero();
    Path cert = nodeDir.resolve("next-cert.pem");
    Path key = nodeDir.resolve("next-key.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    Genesis genesis = GenesisJson.read(Files.readString(net.resolve("genesis.json")));
    NodeKeys renewed = NodeKeys.load(genesis.cryptoSuite(), cert, key); // the key is the certificate's
    X509Certificate old = Pem.parseCertificate(Files.readString(nodeDir.resolve("cert.pem")));
    X509Certificate ca = Pem.parseCertificate(Files.readString(net.resolve("hospital-a/ca/cert.pem")));
    renewed.certificate().verify(ca.getPublicKey());
    assertThat(renewed.certificate().getSubjectX500Principal()).isEqualTo(old.getSubjectX500Principal());
    assertThat(Names.organisation(renewed.certificate())).isEqualTo("hospital-a");
    assertThat(java.util.List.copyOf(renewed.certificate().getSubjectAlternativeNames()))
        .isEqualTo(java.util.List.copyOf(old.getSubjectAlternativeNames()));
    assertThat(renewed.certificateId()).isNotEqualTo(NodeKeys.load(genesis.cryptoSuite(), nodeDir.resolve("cert.pem"),
        nodeDir.resolve("key.pem")).certificateId());
    EncryptionKeyCertificate certified = EncryptionKeyCertificate.decode(Hex.decode(
        Files.readString(nodeDir.resolve("next-encryption-key-certificate.hex"))));
    assertThat(certified.certify(genesis.cryptoSuite(), genesis.chainId(), EncryptionKeyCertificate.nodeHolder("hospital-a-node"),
        renewed.certificate().getPublicKey()).publicKey())
        .isEqualTo(genesis.encryptionKey(genesis.validators().get(0)).publicKey());
    assertThat(made.out()).contains("--kind rotate-validator --validator hospital-a-node");

    CommandRun again = medledger("governance", "node-key", "--config", config, "--ca", net.resolve("hospital-a/ca").toString());
    assertThat(again.exit()).isNotZero();
    assertThat(again.err()).contains("next-cert.pem exists");
  }

  /**
   * gm: links run on a P-256 transport certificate, so node-key also makes the rotated transport
   * pair beside the configured one (tls/next-cert.pem, tls/next-key.pem), from the same CA, under
   * the same "-tls" name and addresses, bound to the rotated node certificate (not the old one).
   */
  @Test
  void onGmItAlsoMakesTheRotatedTransportPairBoundToTheNewNodeCertificate() throws Exception {
    Path net = dir.resolve("gm");
    CommandRun init = medledger("network", "init", "--orgs", "hospital-a,hospital-b", "--validators", "hospital-a,hospital-b",
        "--governance", "--suite", "gm", "--chain-id", "rotate-gm", "--out", net.toString());
    assertThat(init.exit()).as(init.out() + init.err()).isZero();
    Path nodeDir = net.resolve("hospital-a/node");
    CommandRun made = medledger("governance", "node-key", "--config", nodeDir.resolve("node.json").toString(), "--ca",
        net.resolve("hospital-a/ca").toString());
    assertThat(made.exit()).as(made.out() + made.err()).isZero();
    Genesis genesis = GenesisJson.read(Files.readString(net.resolve("genesis.json")));
    NodeKeys renewed = NodeKeys.load(genesis.cryptoSuite(), nodeDir.resolve("next-cert.pem"), nodeDir.resolve("next-key.pem"));
    NodeKeys transport = NodeKeys.load(org.medledger.crypto.CryptoSuites.intl(), nodeDir.resolve("tls/next-cert.pem"),
        nodeDir.resolve("tls/next-key.pem"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir.resolve("tls/next-key.pem"))))
        .isEqualTo("rw-------");
    X509Certificate old = Pem.parseCertificate(Files.readString(nodeDir.resolve("tls/cert.pem")));
    assertThat(transport.certificate().getSubjectX500Principal()).isEqualTo(old.getSubjectX500Principal());
    assertThat(java.util.List.copyOf(transport.certificate().getSubjectAlternativeNames()))
        .containsAll(java.util.List.copyOf(old.getSubjectAlternativeNames()).stream()
            .filter(n -> !((Integer) n.get(0)).equals(6)).toList());
    assertThat(org.medledger.crypto.x509.CertificateAuthority.transportBinding(transport.certificate()))
        .contains(renewed.certificateId().hex());
    assertThat(org.medledger.crypto.x509.CertificateAuthority.transportBinding(old))
        .contains(NodeKeys.load(genesis.cryptoSuite(), nodeDir.resolve("cert.pem"), nodeDir.resolve("key.pem")).certificateId().hex());
    assertThat(made.out()).contains("tls/next-cert.pem");
  }
}
