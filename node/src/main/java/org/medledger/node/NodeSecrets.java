package org.medledger.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's secrets, each in its own file under {@code <dataDir>/secrets/} (0700), each file
 * created 0600 from its first byte and moved into place atomically:
 *
 * <ul>
 *   <li>{@code api-token.key}: the HMAC key of API tokens and download links. Replacing it
 *       ({@link #rotateTokenKey}) rotates them (every token and link stops working), nothing else.
 *   <li>{@code wallet.key}: the sealing key of the custodial wallet, apart from the token key so
 *       that whoever reads the token key cannot unseal a patient's private key; or, instead of
 *       it, an operator's passphrase with its salt in {@code wallet.kdf} ({@link
 *       WalletPassphrase}).
 *   <li>the applications' own: those every validator of a network shares ({@code
 *       Application.newNetworkSecrets}, written to each by {@code network init}, never made here:
 *       a key of this node's own would differ from the other nodes'), and those each node holds
 *       for itself ({@code Application.nodeSecrets}, made by {@link #createMissing}). This class
 *       names none of them.
 * </ul>
 *
 * <p>The node never makes one of them itself: a node that finds one missing, short or unreadable
 * refuses to start, naming the file and what to do. A silently made wallet key would leave every
 * custodial key unopenable; a silently made token key would hide a lost or tampered file. They
 * are made on purpose, and said so, by {@code network init}, the demo and {@code medledger node
 * secrets} ({@link #createMissing}).
 */
public final class NodeSecrets {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSecrets.class);
  public static final int KEY_BYTES = 32;
  public static final String API_TOKEN = "api-token.key";
  public static final String WALLET = "wallet.key";
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final Path legacy;

  public NodeSecrets(Path dataDir) throws IOException {
    this.dir = ownerOnlyFolder(dataDir.resolve("secrets"));
    this.legacy = dataDir.resolve("api-token.key");
  }

  public byte[] apiTokenKey() throws IOException {
    return required(API_TOKEN, "every API token and download link made with the lost key stops working, nothing else");
  }

  /**
   * An application's secret {@code name} (read in its {@code prepare}), checked as every secret
   * is: refuses, naming the file and {@code consequence}, when it is missing, short or unreadable.
   */
  public byte[] require(String name, String consequence) throws IOException {
    return required(checkedName(name), consequence);
  }

  /**
   * An application's secret {@code name} if this node was given one; {@code remedy} says what to
   * do when the file is there but short or unreadable (the node then refuses to start).
   */
  public java.util.Optional<byte[]> find(String name, String remedy) throws IOException {
    Path f = dir.resolve(checkedName(name));
    return Files.exists(f) ? java.util.Optional.of(readKey(f, remedy)) : java.util.Optional.empty();
  }

  /**
   * Writes one secret every validator of a network shares ({@code Application.newNetworkSecrets},
   * made once by {@code network init} or the demo) into a validator's data folder, owner-only.
   */
  public static Path installNetworkSecret(Path dataDir, String name, byte[] bytes) throws IOException {
    Path f = ownerOnlyFolder(dataDir.resolve("secrets")).resolve(checkedName(name));
    create(f, bytes);
    return f;
  }

  /**
   * The secrets the validators of a new network share, of every application given: made fresh,
   * once, for {@link #installNetworkSecret} to give each validator the same bytes.
   */
  public static java.util.SortedMap<String, byte[]> newNetworkSecrets(Iterable<org.medledger.node.application.Application> applications) {
    java.util.SortedMap<String, byte[]> all = new java.util.TreeMap<>();
    for (org.medledger.node.application.Application a : applications) {
      a.newNetworkSecrets().forEach((name, bytes) -> {
        if (all.putIfAbsent(checkedName(name), bytes.clone()) != null) {
          throw new IllegalStateException("application " + a.name() + " asks for network secret " + name
              + ", which another application already names");
        }
      });
    }
    return all;
  }

  private static String checkedName(String name) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9.-]{0,63}") || name.contains("..")) {
      throw new IllegalArgumentException("a secret's name is a plain file name (a-z, 0-9, '.', '-'), got '" + name + "'");
    }
    return name;
  }

  /**
   * The wallet's sealing key: from {@code passphrase} when the operator gave one, else from
   * {@code wallet.key}. {@code walletDir} is where sealed keys live: a data folder of an earlier
   * release sealed them under its token key, which becomes the wallet's alone.
   */
  public byte[] walletKey(Path walletDir, char[] passphrase) throws IOException {
    Path f = dir.resolve(WALLET);
    if (passphrase != null) {
      if (Files.exists(f)) {
        throw new IllegalStateException("a wallet passphrase was given but " + f + " exists too: the wallet is sealed under"
            + " one of them; start without the passphrase to use the key file");
      }
      return WalletPassphrase.key(dir.resolve(WalletPassphrase.FILE), passphrase, holdsSealedKeys(walletDir));
    }
    if (Files.exists(f)) {
      return readKey(f, "restore it from its backup (a new key would make every custodial key unopenable)");
    }
    if (Files.exists(dir.resolve(WalletPassphrase.FILE))) {
      throw new IllegalStateException("the custodial wallet is sealed under a passphrase (" + dir.resolve(WalletPassphrase.FILE)
          + ") but none was given: start with --wallet-passphrase-file FILE or MEDLEDGER_WALLET_PASSPHRASE");
    }
    byte[] old = Files.exists(legacy) ? readKey(legacy, "restore it from its backup") : null;
    if (old != null && holdsSealedKeys(walletDir)) {
      // A data folder of an earlier release sealed the wallet under its token key: that key
      // becomes the wallet's alone, and the tokens get a new one.
      create(f, old);
      Files.delete(legacy);
      // The applications' own secrets that key stood in for (drugs' scan places) are theirs to
      // require: `medledger node secrets` makes them.
      if (!Files.exists(dir.resolve(API_TOKEN))) {
        create(dir.resolve(API_TOKEN), fresh());
      }
      LOG.warn("moved {} to {}: it sealed the custodial wallet; API tokens now have their own key ({})", legacy, f, API_TOKEN);
      return old;
    }
    if (holdsSealedKeys(walletDir)) {
      throw new IllegalStateException("the custodial wallet " + walletDir + " holds sealed patient keys but its sealing key "
          + f + " is missing; restore it from its backup (a new key would make every custodial key unopenable)");
    }
    throw new IllegalStateException("the custodial wallet's sealing key " + f + " is missing: create it with `medledger node"
        + " secrets --config node.json` (and back it up), or start with a passphrase (--wallet-passphrase-file FILE)");
  }

  /**
   * Makes whichever of the node's secrets under {@code dataDir} are missing: the token key,
   * {@code wallet.key} only when {@code walletKeyFile} (not for a wallet sealed under a
   * passphrase), and each {@code Application.nodeSecrets} of {@code applications}; never replaces
   * one. Returns the files it wrote, for the caller to say so.
   *
   * @throws IllegalStateException when the wallet holds sealed keys but its key is missing (a new
   *     one would open none of them: restore it instead), or two applications name one secret
   */
  public static List<Path> createMissing(Path dataDir, boolean walletKeyFile,
      Iterable<org.medledger.node.application.Application> applications) throws IOException {
    java.util.SortedMap<String, String> owners = new java.util.TreeMap<>();
    for (org.medledger.node.application.Application a : applications) {
      for (String name : a.nodeSecrets()) {
        String owner = owners.putIfAbsent(checkedName(name), a.name());
        if (List.of(API_TOKEN, WALLET, WalletPassphrase.FILE).contains(name) || (owner != null && !owner.equals(a.name()))) {
          throw new IllegalStateException("application " + a.name() + " asks for node secret " + name + ", which "
              + (owner == null || owner.equals(a.name()) ? "the node" : "application " + owner) + " already names");
        }
      }
    }
    Path secrets = ownerOnlyFolder(dataDir.resolve("secrets"));
    List<Path> made = new ArrayList<>();
    List<String> names = new ArrayList<>(List.of(API_TOKEN));
    names.addAll(owners.keySet());
    Path wallet = secrets.resolve(WALLET);
    if (walletKeyFile && !Files.exists(wallet) && !Files.exists(secrets.resolve(WalletPassphrase.FILE))) {
      Optional<Path> sealed = walletHoldingSealedKeys(dataDir);
      if (sealed.isEmpty()) {
        names.add(WALLET);
      } else if (!Files.exists(dataDir.resolve("api-token.key"))) {
        throw new IllegalStateException("the custodial wallet " + sealed.get() + " holds sealed patient keys but"
            + " its sealing key " + wallet + " is missing; restore it from its backup (a new key would open none of them)");
      }
      // else: an earlier release's data folder, whose token key sealed the wallet; the node moves it on start.
    }
    for (String name : names) {
      Path f = secrets.resolve(name);
      if (!Files.exists(f)) {
        create(f, fresh());
        made.add(f);
      }
    }
    return made;
  }

  /** Replaces {@code api-token.key} (stop the node first): every token and download link stops working; the wallet is untouched. */
  public static Path rotateTokenKey(Path dataDir) throws IOException {
    Path f = ownerOnlyFolder(dataDir.resolve("secrets")).resolve(API_TOKEN);
    create(f, fresh());
    return f;
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

  private byte[] required(String name, String consequence) throws IOException {
    Path f = dir.resolve(name);
    if (!Files.exists(f)) {
      throw new IllegalStateException("the node's secret " + f + " is missing: restore it from its backup, or make a new one"
          + " with `medledger node secrets --config node.json` (" + consequence + ")");
    }
    return readKey(f, "replace it with `medledger node secrets` after moving it away (" + consequence + ")");
  }

  private static byte[] readKey(Path f, String remedy) {
    byte[] b;
    try {
      b = Files.readAllBytes(f);
    } catch (IOException e) {
      throw new IllegalStateException("the node's secret " + f + " cannot be read (" + e.getMessage() + "): the node runs"
          + " as its owner; " + remedy, e);
    }
    if (b.length < KEY_BYTES) {
      throw new IllegalStateException("the node's secret " + f + " is " + b.length + " bytes, fewer than " + KEY_BYTES
          + ": it is damaged; " + remedy);
    }
    return b;
  }

  private static byte[] fresh() {
    byte[] secret = new byte[KEY_BYTES];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /**
   * Writes {@code bytes} to {@code f}: owner-only (0600) from the file's creation, flushed, then
   * moved into place atomically, so no other user ever opens it and a crash leaves the old file or
   * the new one, never a part.
   */
  public static void create(Path f, byte[] bytes) throws IOException {
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + tmp + ": it appeared while writing", e);
    }
    Files.write(tmp, bytes);
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A wallet folder under {@code dataDir} holding sealed keys: an application's own ({@code
   * apps/<name>/wallet}) or an earlier release's ({@code wallet}, moved by its application at start).
   */
  private static Optional<Path> walletHoldingSealedKeys(Path dataDir) throws IOException {
    List<Path> candidates = new ArrayList<>(List.of(dataDir.resolve("wallet")));
    Path apps = dataDir.resolve("apps");
    if (Files.isDirectory(apps)) {
      try (Stream<Path> each = Files.list(apps)) {
        each.sorted().forEach(app -> candidates.add(app.resolve("wallet")));
      }
    }
    for (Path wallet : candidates) {
      if (holdsSealedKeys(wallet)) {
        return Optional.of(wallet);
      }
    }
    return Optional.empty();
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
