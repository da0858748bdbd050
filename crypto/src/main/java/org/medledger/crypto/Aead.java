package org.medledger.crypto;

/** Authenticated encryption: AES-256-GCM or SM4-GCM. A nonce must never repeat under one key. */
public interface Aead {
  /** e.g. {@code AES-256-GCM} or {@code SM4-GCM}. */
  String name();

  int keyLength();

  int nonceLength();

  /** Returns ciphertext followed by the 16-byte tag. */
  byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData);

  /** Throws {@link AeadException} when the tag does not verify (wrong key, altered data). */
  byte[] open(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData)
      throws AeadException;
}
