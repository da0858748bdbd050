package org.medledger.crypto;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/** A signature algorithm of a suite: ECDSA P-256 with SHA-256, or SM2 with SM3 (GB/T 32918). */
public interface SignatureScheme {
  /** Short stable name, e.g. {@code ECDSA-P256-SHA256} or {@code SM2-SM3}. */
  String name();

  /** The JCA name used to sign X.509 certificates with this scheme (SHA256withECDSA, SM3withSM2). */
  String certificateSignatureAlgorithm();

  KeyPair generateKeyPair(SecureRandom random);

  Signer signer(KeyPair keyPair);

  Verifier verifier(PublicKey publicKey);

  /** Decodes an X.509 SubjectPublicKeyInfo (DER); throws IllegalArgumentException naming what is wrong. */
  PublicKey decodePublicKey(byte[] subjectPublicKeyInfo);

  /** Decodes a PKCS#8 private key (DER); throws IllegalArgumentException naming what is wrong. */
  PrivateKey decodePrivateKey(byte[] pkcs8);
}
