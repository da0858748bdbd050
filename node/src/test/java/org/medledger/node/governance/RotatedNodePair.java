package org.medledger.node.governance;

import java.io.IOException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.NodeKeyRing;
import org.medledger.node.config.NodeConfig;

/**
 * What `medledger governance node-key` makes for validator {@code org-i} of a test network: a new
 * node key and certificate from its organisation's CA, the new key certifying the node's same
 * encryption key, and on gm a new P-256 transport pair bound to the new node certificate.
 */
record RotatedNodePair(X509Certificate certificate, Hash id, KeyPair keys, String encryptionKeyCertificate,
    X509Certificate transportCertificate, KeyPair transportKeys) {

  static RotatedNodePair make(BftTestNetwork net, int i) {
    String name = "org-" + i + "-node";
    long now = System.currentTimeMillis();
    Date from = new Date(now - 3_600_000L);
    Date to = new Date(now + 86_400_000L);
    KeyPair keys = net.suite.signatures().generateKeyPair(new SecureRandom());
    X509Certificate cert = net.ca(i).issueNode(name, keys.getPublic(), from, to);
    Hash id = CertificateId.of(net.suite.hash(), cert);
    String encryption = Hex.encode(EncryptionKeyCertificate.issue(net.suite, net.suite.signatures().signer(keys),
        net.genesis.chainId(), EncryptionKeyCertificate.nodeHolder(name),
        net.genesis.encryptionKey(net.genesis.validators().get(i)).publicKey()).encode());
    X509Certificate transport = null;
    KeyPair transportKeys = null;
    if (!net.suite.id().equals("intl")) {
      transportKeys = CryptoSuites.intl().signatures().generateKeyPair(new SecureRandom());
      transport = net.ca(i).issueTransport(name, transportKeys.getPublic(), id, from, to, List.of(), List.of());
    }
    return new RotatedNodePair(cert, id, keys, encryption, transport, transportKeys);
  }

  /** Places the pair beside the node's configured files ({@code next-<file>}), where the node picks it up. */
  RotatedNodePair placeBeside(NodeConfig node) throws IOException {
    Files.writeString(NodeKeyRing.nextFileFor(node.certificate()), Pem.certificate(certificate));
    Files.writeString(NodeKeyRing.nextFileFor(node.privateKey()), Pem.privateKey(keys.getPrivate()));
    if (transportCertificate != null) {
      Files.writeString(NodeKeyRing.nextFileFor(node.tlsCertificate()), Pem.certificate(transportCertificate));
      Files.writeString(NodeKeyRing.nextFileFor(node.tlsPrivateKey()), Pem.privateKey(transportKeys.getPrivate()));
    }
    return this;
  }

  /** What the node presents on its links with this pair: the transport certificate (gm) or the node certificate. */
  X509Certificate linkCertificate() {
    return transportCertificate != null ? transportCertificate : certificate;
  }

  /** The rotate-validator proposal's terms. */
  String[] proposal(String validator) {
    return new String[] {"kind", "rotate-validator", "validator", validator, "nodeCertificate", Pem.certificate(certificate),
        "encryptionKeyCertificate", encryptionKeyCertificate};
  }
}
