package org.medledger.crypto;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/**
 * Wraps a document's data key for one reader's encryption key (certified by the reader's signing
 * key, {@link EncryptionKeyCertificate}; never the signing key itself), so the ledger can hold it
 * for that reader and nobody else: ECIES on P-256 ({@code intl}) or SM2 public-key encryption
 * (GB/T 32918.4, {@code gm}). Destroying every wrapping of a key is what erases a document.
 */
public interface KeyWrap {
  /** e.g. {@code ECIES-P256-HKDF-SHA256-AES256GCM} or {@code SM2-ENC-C1C3C2}. */
  String name();

  /**
   * The primitive: wraps for any public key of the suite's curve. Callers that hold a reader's
   * identity use {@link #wrap(CertifiedEncryptionKey, byte[], SecureRandom)}, so no data key is
   * ever wrapped to a key whose certificate was not checked, nor to a signing key.
   */
  byte[] wrap(PublicKey recipient, byte[] dataKey, SecureRandom random);

  /** Wraps for a holder's encryption key whose certificate has been checked. */
  default byte[] wrap(CertifiedEncryptionKey recipient, byte[] dataKey, SecureRandom random) {
    return wrap(recipient.publicKey(), dataKey, random);
  }

  /** Throws {@link AeadException} when the wrapping is not for this key or was altered. */
  byte[] unwrap(PrivateKey recipient, byte[] wrapped) throws AeadException;
}
