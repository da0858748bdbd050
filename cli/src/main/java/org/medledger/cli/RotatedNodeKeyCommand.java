package org.medledger.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hex;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.NodeEncryptionKey;
import org.medledger.node.NodeKeyRing;
import org.medledger.node.NodeSecrets;
import org.medledger.node.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code medledger governance node-key}: the new pair for rotating a validator's node
 * certificate (docs/governance.md). Issued by the organisation's own CA under the node's name,
 * with its current certificate's host names and addresses, and placed beside the node key as
 * {@code next-<file>}, where the running node picks it up; the new key certifies the node's same
 * encryption key (every custodial data key is wrapped to it). It writes the
 * {@code encryptionKeyCertificate} for the {@code rotate-validator} proposal and prints it.
 */
@Command(name = "node-key", mixinStandardHelpOptions = true,
    description = "Make a validator's rotated node key and certificate from its organisation's CA, beside its node key"
        + " (next-<file>), and the encryption-key certificate a rotate-validator proposal carries.")
final class RotatedNodeKeyCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "the node's node.json")
  Path config;

  @Option(names = "--ca", required = true, description = "the organisation's CA folder (cert.pem, key.pem)")
  Path ca;

  @Option(names = "--days", defaultValue = "365", description = "validity of the new certificate, 1 to 3650 days")
  int days;

  @Option(names = "--encryption-key-cert", description = "hex file of the node's current encryption-key certificate"
      + " (a validator voted in after the genesis; a genesis validator's is read from the genesis)")
  Path currentEncryptionKeyCertificate;

  /** Where the command says what it wrote: standard output, or the demo's stream when the demo runs it. */
  java.io.PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    NodeConfig node = NodeConfig.read(config);
    Genesis genesis = GenesisJson.read(Files.readString(node.genesis()));
    CryptoSuite suite = genesis.cryptoSuite();
    CertificateAuthority authority = UserCommand.loadCa(suite, ca);
    if (!authority.organisation().equals(node.organisation())) {
      throw new IllegalArgumentException("--ca " + ca + " is " + authority.organisation() + "'s CA, not "
          + node.organisation() + "'s: a validator's node certificate comes from its own organisation's CA");
    }
    if (days < 1 || days > 3650) {
      throw new IllegalArgumentException("--days " + days + " must be 1 to 3650");
    }
    Path nextCertificate = NodeKeyRing.nextFileFor(node.certificate());
    Path nextKey = NodeKeyRing.nextFileFor(node.privateKey());
    List<Path> made = new ArrayList<>(List.of(nextCertificate, nextKey));
    if (node.tlsCertificate() != null) {
      made.add(NodeKeyRing.nextFileFor(node.tlsCertificate()));
      made.add(NodeKeyRing.nextFileFor(node.tlsPrivateKey()));
    }
    for (Path p : made) {
      if (Files.exists(p)) {
        throw new IllegalArgumentException(p + " exists: a rotated pair is already in place (start the node with it,"
            + " or remove it if its rotation never passed)");
      }
    }
    X509Certificate current = Pem.parseCertificate(Files.readString(node.certificate()));
    PublicKey encryption = currentEncryptionKey(genesis, current);

    KeyPair keys = suite.signatures().generateKeyPair(new SecureRandom());
    long now = System.currentTimeMillis();
    X509Certificate renewed = authority.issueNode(node.nodeName(), keys.getPublic(), new Date(now - 300_000L),
        new Date(now + days * 86_400_000L), names(current, 2), names(current, 7));
    String certified = Hex.encode(EncryptionKeyCertificate.issue(suite, suite.signatures().signer(keys), genesis.chainId(),
        EncryptionKeyCertificate.nodeHolder(node.nodeName()), encryption).encode());
    Files.writeString(nextCertificate, Pem.certificate(renewed));
    NodeSecrets.create(nextKey, Pem.privateKey(keys.getPrivate()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Path hex = nextCertificate.resolveSibling(NodeKeyRing.NEXT_PREFIX + "encryption-key-certificate.hex");
    Files.writeString(hex, certified);
    String transport = "";
    if (node.tlsCertificate() != null) {
      // gm: links run on a P-256 transport certificate; the rotated one names the rotated node
      // certificate, so peers take it once the rotation passed and refuse the old one from its height.
      X509Certificate currentTransport = Pem.parseCertificate(Files.readString(node.tlsCertificate()));
      KeyPair t = CryptoSuites.intl().signatures().generateKeyPair(new SecureRandom());
      X509Certificate renewedTransport = authority.issueTransport(node.nodeName(), t.getPublic(),
          CertificateId.of(suite.hash(), renewed), new Date(now - 300_000L), new Date(now + days * 86_400_000L),
          names(currentTransport, 2), names(currentTransport, 7));
      Files.writeString(NodeKeyRing.nextFileFor(node.tlsCertificate()), Pem.certificate(renewedTransport));
      NodeSecrets.create(NodeKeyRing.nextFileFor(node.tlsPrivateKey()),
          Pem.privateKey(t.getPrivate()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      transport = ", " + NodeKeyRing.nextFileFor(node.tlsCertificate()) + ", " + NodeKeyRing.nextFileFor(node.tlsPrivateKey());
    }
    out.println("wrote " + nextCertificate + ", " + nextKey + transport + " (keys owner only) and " + hex);
    out.println("then: medledger governance propose --kind rotate-validator --validator " + node.nodeName()
        + " --node-cert " + nextCertificate + " --encryption-key-cert " + hex + " --identity <" + node.organisation()
        + "'s admin folder> --api …");
    return 0;
  }

  /** The encryption key the node holds: certified in the genesis, or by the certificate file given. */
  private PublicKey currentEncryptionKey(Genesis genesis, X509Certificate current) throws java.io.IOException {
    if (currentEncryptionKeyCertificate != null) {
      EncryptionKeyCertificate c = EncryptionKeyCertificate.decode(Hex.decode(Files.readString(currentEncryptionKeyCertificate).strip()));
      try {
        return c.certify(genesis.cryptoSuite(), genesis.chainId(), EncryptionKeyCertificate.nodeHolder(
            NodeConfig.read(config).nodeName()), current.getPublicKey()).publicKey();
      } catch (org.medledger.crypto.UncertifiedKeyException e) {
        throw new IllegalArgumentException("--encryption-key-cert " + currentEncryptionKeyCertificate
            + " is not certified by the node's current key: " + e.getMessage());
      }
    }
    ValidatorEntry self = NodeEncryptionKey.entryOf(genesis.validators(), current).orElseThrow(() ->
        new IllegalArgumentException("the node's certificate is not a genesis validator's: give --encryption-key-cert,"
            + " the hex file its add-validator proposal carried"));
    return genesis.encryptionKey(self).publicKey();
  }

  /** The subject alternative names of {@code type} (2 DNS, 7 IP) the current certificate carries. */
  private static List<String> names(X509Certificate c, int type) throws java.security.cert.CertificateParsingException {
    List<String> out = new ArrayList<>();
    if (c.getSubjectAlternativeNames() != null) {
      for (List<?> n : c.getSubjectAlternativeNames()) {
        if (((Integer) n.get(0)) == type) {
          out.add(String.valueOf(n.get(1)));
        }
      }
    }
    return out;
  }
}
