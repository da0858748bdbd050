package org.medledger.apps.records.node;

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
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Signer;

/**
 * The hospital's wallet of custodial patient keys: the default custody, for patients without a
 * phone app. Each patient has two key pairs (the SM2 dual-key practice): a signing pair, whose
 * public key is her id, and an encryption pair, to which her data keys are wrapped, certified by
 * the signing key. Each private key is sealed with the suite's AEAD under a wallet key derived from the
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

  /**
   * Makes the key pairs of a new custodial patient, her signing pair (returned; its public key is
   * her id) and her encryption pair, and keeps both private halves; the encryption one's
   * certificate is {@link #encryptionKeyCertificate}.
   */
  public synchronized KeyPair create() throws IOException {
    KeyPair k = suite.signatures().generateKeyPair(random);
    PatientId id = PatientId.of(suite.hash(), k.getPublic().getEncoded());
    // The encryption pair first, so a patient's .key file never lacks its .enc beside it.
    KeyPair enc = suite.generateEncryptionKeyPair(random);
    writeSealed(dir.resolve(id + ".enc"), secret(enc), encryptionAssociatedData(id));
    writeSealed(dir.resolve(id + ".key"), secret(k), id.value().toBytes());
    return k;
  }

  /** Her encryption key, certified by her signing key for this chain; empty when this wallet does not hold her keys. */
  public Optional<EncryptionKeyCertificate> encryptionKeyCertificate(PatientId id, String chainId) {
    Optional<Signer> signer = signer(id);
    return signer.map(s -> EncryptionKeyCertificate.issue(suite, s, chainId, EncryptionKeyCertificate.patientHolder(id.toString()),
        encryptionKeys(id).getPublic()));
  }

  /**
   * Opens a data key wrapped for a custodial patient (to her encryption key; her signing key
   * opens nothing); empty when this wallet does not hold her keys. AeadException: not wrapped for her.
   */
  public Optional<byte[]> unwrap(PatientId id, byte[] wrapped) throws AeadException {
    if (!holds(id)) {
      return Optional.empty();
    }
    return Optional.of(suite.keyWrap().unwrap(encryptionKeys(id).getPrivate(), wrapped));
  }

  private KeyPair encryptionKeys(PatientId id) {
    try {
      return openSealed(dir.resolve(id + ".enc"), encryptionAssociatedData(id));
    } catch (IOException | AeadException e) {
      throw new IllegalStateException("the wallet's encryption key for patient " + id + " cannot be opened");
    }
  }

  /** Sealed apart from her signing key's file: a file swapped for the other opens neither. */
  private static byte[] encryptionAssociatedData(PatientId id) {
    return ("medledger/patient-wallet/encryption-key/v1/" + id).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] secret(KeyPair k) {
    return (org.medledger.crypto.x509.Pem.privateKey(k.getPrivate()) + "\n#" + org.medledger.crypto.Hex.encode(k.getPublic().getEncoded()))
        .getBytes(StandardCharsets.UTF_8);
  }

  private KeyPair openSealed(Path f, byte[] associatedData) throws IOException, AeadException {
    byte[] file = Files.readAllBytes(f);
    int n = suite.aead().nonceLength();
    String secret = new String(suite.aead().open(walletKey, java.util.Arrays.copyOf(file, n),
        java.util.Arrays.copyOfRange(file, n, file.length), associatedData), StandardCharsets.UTF_8);
    int hash = secret.lastIndexOf("\n#");
    PrivateKey key = org.medledger.crypto.x509.Pem.parsePrivateKey(suite.signatures(), secret.substring(0, hash));
    java.security.PublicKey pub = suite.signatures().decodePublicKey(org.medledger.crypto.Hex.decode(secret.substring(hash + 2)));
    return new KeyPair(pub, key);
  }

  private void writeSealed(Path target, byte[] secret, byte[] associatedData) throws IOException {
    byte[] nonce = new byte[suite.aead().nonceLength()];
    random.nextBytes(nonce);
    byte[] sealed = suite.aead().seal(walletKey, nonce, secret, associatedData);
    byte[] file = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, file, 0, nonce.length);
    System.arraycopy(sealed, 0, file, nonce.length, sealed.length);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
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
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
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
      return Optional.of(suite.signatures().signer(openSealed(f, id.value().toBytes())));
    } catch (IOException | AeadException e) {
      throw new IllegalStateException("the wallet's key for patient " + id + " cannot be opened");
    }
  }
}
