package org.medledger.crypto;

import java.security.PublicKey;
import java.util.Objects;

/**
 * An encryption public key whose certificate was checked against its holder's signing key: only
 * {@link EncryptionKeyCertificate#certify} makes one, so code that wraps a data key for a
 * {@code CertifiedEncryptionKey} ({@link KeyWrap#wrap(CertifiedEncryptionKey, byte[],
 * java.security.SecureRandom)}) cannot have skipped the check.
 */
public final class CertifiedEncryptionKey {
  private final String holder;
  private final PublicKey publicKey;

  CertifiedEncryptionKey(String holder, PublicKey publicKey) {
    this.holder = Objects.requireNonNull(holder, "holder");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
  }

  /** {@code node:<validator>} or {@code patient:<id>}. */
  public String holder() {
    return holder;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public String toString() {
    return "CertifiedEncryptionKey[" + holder + "]";
  }
}
