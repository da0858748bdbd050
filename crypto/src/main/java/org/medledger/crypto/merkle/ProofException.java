package org.medledger.crypto.merkle;

/** A proof is malformed for the sizes it claims (index beyond the tree, path of the wrong length). */
public final class ProofException extends RuntimeException {
  public ProofException(String message) {
    super(message);
  }
}
