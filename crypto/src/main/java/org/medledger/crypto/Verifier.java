package org.medledger.crypto;

/**
 * Checks signatures against one public key. Prepared once per key (curve point decoded, tables
 * built) and then reused: verification is the hot path of transaction validation. Thread-safe.
 */
public interface Verifier {
  /** False for a wrong or malformed signature; never throws for bad signature bytes. */
  boolean verify(byte[] message, byte[] signature);
}
