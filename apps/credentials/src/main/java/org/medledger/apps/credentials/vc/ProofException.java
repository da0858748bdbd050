package org.medledger.apps.credentials.vc;

/** A proof that cannot be checked here, or does not verify. */
public final class ProofException extends Exception {
  /** What went wrong, as a verifier reports it. */
  public enum Kind { UNSUPPORTED, BAD_SIGNATURE }

  private final Kind kind;

  public ProofException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
