package org.medledger.node.health;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.medledger.core.patient.PatientId;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Signer;

/**
 * The hospital's wallet of custodial patient keys: the default custody, for patients without a
 * phone app. Each private key is sealed with the suite's AEAD under a wallet key derived from the
 * wallet's own sealing key (apart from the API token key: NodeSecrets; associated data: the
 * patient id) and written atomically, owner-only, to its own file in an owner-only folder; it
 * never leaves the node and is never logged. The node signs with it only on a clinician's or
 * admin's request at the patient's instruction, and everything it signs is a ledger transaction
 * the patient later sees.
 */
public final class PatientWallet {
  private final Path dir;
  private final CryptoSuite suite;
  private final byte[] walletKey;
  private final SecureRandom random = new SecureRandom();

  public PatientWallet(Path dir, CryptoSuite suite, byte[] nodeSecret) throws IOException {
    this.dir = Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(this.dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system.
    }
    this.suite = suite;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(nodeSecret, "HmacSHA256"));
      byte[] k = mac.doFinal("medledger/patient-wallet/v1".getBytes(StandardCharsets.UTF_8));
      this.walletKey = java.util.Arrays.copyOf(k, suite.aead().keyLength());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Makes a key pair for a new custodial patient and keeps its private half; returns the pair. */
  public synchronized KeyPair create() throws IOException {
    KeyPair k = suite.signatures().generateKeyPair(random);
    PatientId id = PatientId.of(suite.hash(), k.getPublic().getEncoded());
    byte[] nonce = new byte[suite.aead().nonceLength()];
    random.nextBytes(nonce);
    byte[] secret = (org.medledger.crypto.x509.Pem.privateKey(k.getPrivate()) + "\n#" + org.medledger.crypto.Hex.encode(k.getPublic().getEncoded()))
        .getBytes(StandardCharsets.UTF_8);
    byte[] sealed = suite.aead().seal(walletKey, nonce, secret, id.value().toBytes());
    byte[] file = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, file, 0, nonce.length);
    System.arraycopy(sealed, 0, file, nonce.length, sealed.length);
    Path tmp = dir.resolve(id + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.write(tmp, file);
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.move(tmp, dir.resolve(id + ".key"), StandardCopyOption.ATOMIC_MOVE);
    return k;
  }

  public boolean holds(PatientId id) {
    return Files.exists(dir.resolve(id + ".key"));
  }

  /** A signer for a custodial patient's key; empty when this wallet does not hold it. */
  public Optional<Signer> signer(PatientId id) {
    Path f = dir.resolve(id + ".key");
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      byte[] file = Files.readAllBytes(f);
      int n = suite.aead().nonceLength();
      String secret = new String(suite.aead().open(walletKey, java.util.Arrays.copyOf(file, n),
          java.util.Arrays.copyOfRange(file, n, file.length), id.value().toBytes()), StandardCharsets.UTF_8);
      int hash = secret.lastIndexOf("\n#");
      PrivateKey key = org.medledger.crypto.x509.Pem.parsePrivateKey(suite.signatures(), secret.substring(0, hash));
      java.security.PublicKey pub = suite.signatures().decodePublicKey(org.medledger.crypto.Hex.decode(secret.substring(hash + 2)));
      return Optional.of(suite.signatures().signer(new KeyPair(pub, key)));
    } catch (IOException | AeadException e) {
      throw new IllegalStateException("the wallet's key for patient " + id + " cannot be opened");
    }
  }
}
