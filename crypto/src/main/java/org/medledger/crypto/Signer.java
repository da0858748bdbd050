package org.medledger.crypto;

import java.security.PublicKey;

/**
 * Signs with a private key that the caller never sees, so a hardware security module can stand
 * behind it later (Fabric's one-method signer). Implementations never print the key.
 */
public interface Signer {
  byte[] sign(byte[] message);

  PublicKey publicKey();
}
