package org.medledger.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.consensus.ValidatorKey;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.x509.CertificateAuthority;

/**
 * The node's keys across a certificate rotation: the one its configuration names, and the
 * rotated pair its operator placed beside it ({@code next-<certificate file>} and {@code
 * next-<key file>} in the same folders) once the organisation made the new certificate and
 * proposed {@code rotate-validator} with it. The node picks the pair up while it runs, so it
 * votes with the new key from the rotation's height without a restart; it keeps transacting
 * with the configured key until it restarts with the new pair under the configured names.
 *
 * <p>On a network whose links run on a separate P-256 transport certificate (gm), the rotated
 * transport pair sits beside the configured one likewise ({@code tls/next-cert.pem}, {@code
 * tls/next-key.pem}), issued for the new node certificate: the node presents it on its links once
 * the rotation passed, as an intl node presents its new node certificate.
 */
public final class NodeKeyRing {
  public static final String NEXT_PREFIX = "next-";
  private final CryptoSuite suite;
  private final NodeKeys configured;
  private final Path nextCertificate;
  private final Path nextKey;
  /** The configured transport pair (gm), or null when links run on the node certificate. */
  private final NodeKeys configuredTransport;
  private final Path nextTransportCertificate;
  private final Path nextTransportKey;
  private volatile NodeKeys next;
  private volatile NodeKeys nextTransport;

  private NodeKeyRing(CryptoSuite suite, NodeKeys configured, Path certificateFile, Path keyFile, NodeKeys configuredTransport,
      Path transportCertificateFile, Path transportKeyFile) {
    this.suite = suite;
    this.configured = configured;
    this.nextCertificate = nextFileFor(certificateFile);
    this.nextKey = nextFileFor(keyFile);
    this.configuredTransport = configuredTransport;
    this.nextTransportCertificate = transportCertificateFile == null ? null : nextFileFor(transportCertificateFile);
    this.nextTransportKey = transportKeyFile == null ? null : nextFileFor(transportKeyFile);
  }

  /**
   * The ring around the configured keys, with the rotated pair when it is already in place.
   * IllegalArgumentException names the file when a rotated pair is there but unusable.
   */
  public static NodeKeyRing open(CryptoSuite suite, NodeKeys configured, Path certificateFile, Path keyFile)
      throws IOException {
    return open(suite, configured, certificateFile, keyFile, null, null);
  }

  /**
   * As {@link #open(CryptoSuite, NodeKeys, Path, Path)} for a node whose links run on a transport
   * pair ({@code transportCertificateFile}, {@code transportKeyFile}; both null when they run on
   * the node certificate).
   */
  public static NodeKeyRing open(CryptoSuite suite, NodeKeys configured, Path certificateFile, Path keyFile,
      Path transportCertificateFile, Path transportKeyFile) throws IOException {
    NodeKeys transport = transportCertificateFile == null ? null
        : NodeKeys.load(CryptoSuites.intl(), transportCertificateFile, transportKeyFile);
    NodeKeyRing ring = new NodeKeyRing(suite, configured, certificateFile, keyFile, transport, transportCertificateFile,
        transportKeyFile);
    ring.pickUpNext();
    return ring;
  }

  /** Where the rotated counterpart of {@code file} goes: beside it, named {@code next-<its name>}. */
  public static Path nextFileFor(Path file) {
    return file.toAbsolutePath().resolveSibling(NEXT_PREFIX + file.getFileName());
  }

  public NodeKeys configured() {
    return configured;
  }

  public Optional<NodeKeys> next() {
    return Optional.ofNullable(next);
  }

  /** What the node presents on its links as configured: the transport pair (gm) or the node pair. */
  public NodeKeys configuredLinkIdentity() {
    return configuredTransport != null ? configuredTransport : configured;
  }

  /**
   * What the node presents on its links once its rotation passed: the rotated node pair, or on a
   * network with transport certificates the rotated transport pair; empty until it is in place.
   */
  public Optional<NodeKeys> nextLinkIdentity() {
    return Optional.ofNullable(configuredTransport != null ? nextTransport : next);
  }

  /**
   * Loads the rotated pair if it was placed since the last look (both files present); the pair
   * loaded once stays. With transport certificates, the rotated transport pair too, which must be
   * issued for the rotated node certificate. IllegalArgumentException when a key does not match
   * its certificate, or the transport certificate names another node certificate.
   */
  public synchronized Optional<NodeKeys> pickUpNext() throws IOException {
    if (next == null && Files.exists(nextCertificate) && Files.exists(nextKey)) {
      NodeKeys k = NodeKeys.load(suite, nextCertificate, nextKey);
      if (!k.certificateId().equals(configured.certificateId())) {
        next = k;
      }
    }
    if (next != null && configuredTransport != null && nextTransport == null && Files.exists(nextTransportCertificate)
        && Files.exists(nextTransportKey)) {
      NodeKeys t = NodeKeys.load(CryptoSuites.intl(), nextTransportCertificate, nextTransportKey);
      Optional<String> bound = CertificateAuthority.transportBinding(t.certificate());
      if (!bound.equals(Optional.of(next.certificateId().hex()))) {
        throw new IllegalArgumentException(nextTransportCertificate + " is not issued for the rotated node certificate "
            + next.certificateId() + " (it names " + bound.orElse("none") + "): make the pair with `medledger governance"
            + " node-key`");
      }
      nextTransport = t;
    }
    return next();
  }

  /** Where the rotated transport pair goes (gm), or empty when links run on the node certificate. */
  public Optional<Path> nextTransportCertificateFile() {
    return Optional.ofNullable(nextTransportCertificate);
  }

  /** The consensus keys, the configured one first (the engine signs with the one a height's set holds). */
  public List<ValidatorKey> validatorKeys() {
    List<ValidatorKey> out = new ArrayList<>(2);
    out.add(new ValidatorKey(configured.certificateId(), configured.signer()));
    NodeKeys n = next;
    if (n != null) {
      out.add(new ValidatorKey(n.certificateId(), n.signer()));
    }
    return out;
  }
}
