package org.medledger.crypto;

/** The algorithms a network uses, fixed in its genesis: {@code intl} or {@code gm}. */
public interface CryptoSuite {
  /** {@code intl} or {@code gm}. */
  String id();

  HashFunction hash();

  SignatureScheme signatures();

  Aead aead();

  /** Wraps data keys for a reader's encryption key (of this suite's signature curve). */
  KeyWrap keyWrap();

  /**
   * A fresh encryption key pair: on the signature curve, but used only to unwrap data keys, apart
   * from the holder's signing key pair ({@link EncryptionKeyCertificate}).
   */
  default java.security.KeyPair generateEncryptionKeyPair(java.security.SecureRandom random) {
    return signatures().generateKeyPair(random);
  }
}
