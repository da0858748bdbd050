package org.medledger.node;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's secrets, each in its own file under {@code <dataDir>/secrets/} (0700), each file
 * created 0600 from its first byte and moved into place atomically:
 *
 * <ul>
 *   <li>{@code api-token.key}: the HMAC key of API tokens and download links. Deleting it
 *       rotates them (every token and link stops working), nothing else, so a missing one is
 *       made anew (and logged).
 *   <li>{@code wallet.key}: the sealing key of the custodial wallet, apart from the token key so
 *       that whoever reads the token key cannot unseal a patient's private key. It is never made
 *       anew while the wallet holds a sealed key: the node then refuses to start, naming the
 *       file, because a new key would make every custodial key unopenable forever.
 *   <li>{@code network-scan-place.key}: the HMAC key that pseudonymises scanners' addresses, the
 *       same on every validator of the network ({@code network init} writes it to each), so a
 *       place is one place through any node. Never made here: a key of this node's own would
 *       count the same place apart from the other nodes.
 *   <li>{@code scan-place.key}: that key for a one-validator network, made here when missing.
 * </ul>
 */
final class NodeSecrets {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSecrets.class);
  static final int KEY_BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

  private final Path dir;
  private final Path legacy;
  private final SecureRandom random = new SecureRandom();

  NodeSecrets(Path dataDir) throws IOException {
    this.dir = ownerOnlyFolder(dataDir.resolve("secrets"));
    this.legacy = dataDir.resolve("api-token.key");
  }

  byte[] apiTokenKey() throws IOException {
    return rotatable("api-token.key");
  }

  byte[] scanPlaceKey() throws IOException {
    return rotatable("scan-place.key");
  }

  /** The network's shared place key, if this node was given one. */
  java.util.Optional<byte[]> networkScanPlaceKey() throws IOException {
    return java.util.Optional.ofNullable(read(dir.resolve(NETWORK_SCAN_PLACE_KEY)));
  }

  static final String NETWORK_SCAN_PLACE_KEY = org.medledger.node.drugs.ScanCounter.NETWORK_KEY_FILE;

  /**
   * The wallet's sealing key. {@code walletDir} is where sealed keys live: when it holds any, the
   * key must exist, else IllegalStateException names the missing file.
   */
  byte[] walletKey(Path walletDir) throws IOException {
    Path f = dir.resolve("wallet.key");
    byte[] k = read(f);
    if (k != null) {
      return k;
    }
    byte[] old = read(legacy);
    if (old != null && holdsSealedKeys(walletDir)) {
      // A data folder of an earlier release sealed the wallet under its token key: that key
      // becomes the wallet's alone, and the tokens get a new one.
      create(f, old);
      Files.delete(legacy);
      LOG.warn("moved {} to {}: it sealed the custodial wallet; API tokens now have their own key", legacy, f);
      return old;
    }
    if (holdsSealedKeys(walletDir)) {
      throw new IllegalStateException("the custodial wallet " + walletDir + " holds sealed patient keys but its sealing key "
          + f + " is missing or shorter than " + KEY_BYTES + " bytes; restore it from its backup (a new key would make"
          + " every custodial key unopenable)");
    }
    LOG.warn("created the custodial wallet's sealing key {}: back it up; without it no custodial patient's key opens", f);
    return create(f);
  }

  static Path ownerOnlyFolder(Path folder) throws IOException {
    Files.createDirectories(folder);
    try {
      Files.setPosixFilePermissions(folder, OWNER_ONLY_DIR);
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system.
    }
    return folder;
  }

  private byte[] rotatable(String name) throws IOException {
    Path f = dir.resolve(name);
    byte[] k = read(f);
    if (k != null) {
      return k;
    }
    LOG.info("created {} (a new key: every credential made with the old one, if any, no longer verifies)", f);
    return create(f);
  }

  private static byte[] read(Path f) throws IOException {
    if (!Files.exists(f)) {
      return null;
    }
    byte[] b = Files.readAllBytes(f);
    return b.length >= KEY_BYTES ? b : null;
  }

  private byte[] create(Path f) throws IOException {
    byte[] secret = new byte[KEY_BYTES];
    random.nextBytes(secret);
    return create(f, secret);
  }

  private static byte[] create(Path f, byte[] secret) throws IOException {
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      // Owner-only from creation: never a moment when another user could open it.
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + tmp + ": it appeared while writing", e);
    }
    Files.write(tmp, secret);
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return secret;
  }

  private static boolean holdsSealedKeys(Path walletDir) throws IOException {
    if (!Files.isDirectory(walletDir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(walletDir)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".key"));
    }
  }
}
