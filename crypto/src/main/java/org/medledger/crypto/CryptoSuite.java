package org.medledger.crypto;

/** The algorithms a network uses, fixed in its genesis: {@code intl} or {@code gm}. */
public interface CryptoSuite {
  /** {@code intl} or {@code gm}. */
  String id();

  HashFunction hash();

  SignatureScheme signatures();

  Aead aead();

  /** Wraps data keys for a reader's public key (of this suite's signature curve). */
  KeyWrap keyWrap();
}
