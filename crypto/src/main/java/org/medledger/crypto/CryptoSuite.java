package org.medledger.crypto;

/** The algorithms a network uses, fixed in its genesis: {@code intl} or {@code gm}. */
public interface CryptoSuite {
  /** {@code intl} or {@code gm}. */
  String id();

  HashFunction hash();

  SignatureScheme signatures();

  Aead aead();
}
