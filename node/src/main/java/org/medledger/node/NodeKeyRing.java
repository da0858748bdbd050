package org.medledger.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.consensus.ValidatorKey;
import org.medledger.crypto.CryptoSuite;

/**
 * The node's keys across a certificate rotation: the one its configuration names, and the
 * rotated pair its operator placed beside it ({@code next-<certificate file>} and {@code
 * next-<key file>} in the same folders) once the organisation made the new certificate and
 * proposed {@code rotate-validator} with it. The node picks the pair up while it runs, so it
 * votes with the new key from the rotation's height without a restart; it keeps transacting
 * with the configured key until it restarts with the new pair under the configured names.
 */
public final class NodeKeyRing {
  public static final String NEXT_PREFIX = "next-";
  private final CryptoSuite suite;
  private final NodeKeys configured;
  private final Path nextCertificate;
  private final Path nextKey;
  private volatile NodeKeys next;

  private NodeKeyRing(CryptoSuite suite, NodeKeys configured, Path certificateFile, Path keyFile) {
    this.suite = suite;
    this.configured = configured;
    this.nextCertificate = nextFileFor(certificateFile);
    this.nextKey = nextFileFor(keyFile);
  }

  /**
   * The ring around the configured keys, with the rotated pair when it is already in place.
   * IllegalArgumentException names the file when a rotated pair is there but unusable.
   */
  public static NodeKeyRing open(CryptoSuite suite, NodeKeys configured, Path certificateFile, Path keyFile)
      throws IOException {
    NodeKeyRing ring = new NodeKeyRing(suite, configured, certificateFile, keyFile);
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

  /**
   * Loads the rotated pair if it was placed since the last look (both files present); the pair
   * loaded once stays. IllegalArgumentException when the key does not match the certificate.
   */
  public synchronized Optional<NodeKeys> pickUpNext() throws IOException {
    if (next == null && Files.exists(nextCertificate) && Files.exists(nextKey)) {
      NodeKeys k = NodeKeys.load(suite, nextCertificate, nextKey);
      if (!k.certificateId().equals(configured.certificateId())) {
        next = k;
      }
    }
    return next();
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
