package org.medledger.node;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.CertifiedEncryptionKey;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.Pem;

/**
 * The node's encryption key pair, apart from its signing (node certificate) key: custodians wrap
 * data keys only to its public half, which the genesis carries certified by the node key
 * ({@link EncryptionKeyCertificate}, holder {@code node:<validator name>}), and only its private
 * half unwraps them. The private key is a PKCS#8 PEM file beside the node's signing key, {@value
 * #FILE}, owner-only (0600) from its first byte in an owner-only folder (0700), as
 * {@code network init} writes it. {@link #toString} never shows the key.
 */
public record NodeEncryptionKey(CertifiedEncryptionKey publicKey, PrivateKey privateKey) {
  public static final String FILE = "encryption-key.pem";

  @Override
  public String toString() {
    return "NodeEncryptionKey[" + publicKey.holder() + "]";
  }

  /** Where the encryption key of a node whose signing key is {@code signingKeyFile} lives. */
  public static Path fileFor(Path signingKeyFile) {
    return signingKeyFile.toAbsolutePath().resolveSibling(FILE);
  }

  /**
   * Makes a node's encryption key pair, writes its private half to {@code file} (0600, folder
   * 0700; refuses to overwrite one) and returns the certificate the genesis carries for it.
   */
  public static EncryptionKeyCertificate create(CryptoSuite suite, Signer nodeKey, String chainId, String validatorName,
      Path file, SecureRandom random) throws IOException {
    KeyPair k = suite.generateEncryptionKeyPair(random);
    NodeSecrets.ownerOnlyFolder(file.toAbsolutePath().getParent());
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file + " exists: a node's encryption key is made once (every key wrapped to it"
          + " would be lost with it)");
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, Pem.privateKey(k.getPrivate()));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return EncryptionKeyCertificate.issue(suite, nodeKey, chainId, EncryptionKeyCertificate.nodeHolder(validatorName),
        k.getPublic());
  }

  /** Whether {@code nodeCertificate} is a genesis validator's, whose encryption key the genesis certifies. */
  public static boolean certifiedByGenesis(Genesis genesis, X509Certificate nodeCertificate) {
    for (ValidatorEntry v : genesis.validators()) {
      if (Arrays.equals(Pem.parseCertificate(v.nodeCertificatePem()).getPublicKey().getEncoded(),
          nodeCertificate.getPublicKey().getEncoded())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The encryption key of the validator whose node certificate is {@code nodeCertificate}: the
   * public half from the genesis (certified), the private half from {@code file}, which must be
   * its pair. IllegalArgumentException names the file and what is wrong.
   */
  public static NodeEncryptionKey load(Genesis genesis, X509Certificate nodeCertificate, Path file) throws IOException {
    ValidatorEntry self = entryOf(genesis.validators(), nodeCertificate).orElseThrow(() -> new IllegalArgumentException(
        "the node certificate " + nodeCertificate.getSubjectX500Principal().getName()
            + " is not a validator's in the genesis, so the genesis certifies no encryption key for it"));
    return load(genesis, self, file);
  }

  /** The entry among {@code validators} whose node certificate has {@code nodeCertificate}'s key. */
  public static java.util.Optional<ValidatorEntry> entryOf(java.util.List<ValidatorEntry> validators,
      X509Certificate nodeCertificate) {
    for (ValidatorEntry v : validators) {
      if (Arrays.equals(Pem.parseCertificate(v.nodeCertificatePem()).getPublicKey().getEncoded(),
          nodeCertificate.getPublicKey().getEncoded())) {
        return java.util.Optional.of(v);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The encryption key {@code self}'s entry certifies (the genesis's, or a passed add-validator's
   * or rotate-validator's): the public half from the entry, the private half from {@code file},
   * which must be its pair. IllegalArgumentException names the file and what is wrong.
   */
  public static NodeEncryptionKey load(Genesis genesis, ValidatorEntry self, Path file) throws IOException {
    String certifier = genesis.validators().contains(self) ? "the genesis" : "the ledger (its passed proposal)";
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("the node's encryption key " + file + " is missing (network init writes it beside"
          + " the node key; " + certifier + " certifies its public half for " + self.name() + ")");
    }
    CryptoSuite suite = genesis.cryptoSuite();
    PrivateKey key;
    try {
      key = suite.signatures().decodePrivateKey(Pem.decode("PRIVATE KEY", Files.readString(file)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("encryption key file " + file + ": " + e.getMessage());
    }
    CertifiedEncryptionKey certified = genesis.encryptionKey(self);
    byte[] probe = new byte[32];
    try {
      byte[] back = suite.keyWrap().unwrap(key, suite.keyWrap().wrap(certified, probe, new SecureRandom()));
      if (!Arrays.equals(back, probe)) {
        throw new AeadException("probe");
      }
    } catch (AeadException | RuntimeException e) {
      throw new IllegalArgumentException("encryption key " + file + " is not the one " + certifier + " certifies for "
          + self.name());
    }
    return new NodeEncryptionKey(certified, key);
  }
}
