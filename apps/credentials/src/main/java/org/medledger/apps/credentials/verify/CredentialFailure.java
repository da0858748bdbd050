package org.medledger.apps.credentials.verify;

/**
 * The fixed set of reasons a credential check fails (issue 16 item 2: what verifiers' users ask
 * for), each with the code a verifier prints and a program reads.
 */
public enum CredentialFailure {
  /** Not JSON, or a field missing or malformed. */
  UNREADABLE("unreadable"),
  /** A proof type or cryptosuite this network does not take. */
  UNSUPPORTED("unsupported"),
  /** The issuer's certificate does not come from a licensing authority the genesis names. */
  UNKNOWN_ISSUER("unknown-issuer"),
  /** The proof does not verify with the issuer's key: forged or changed. */
  BAD_SIGNATURE("bad-signature"),
  /** No status snapshot, or one that does not verify against the genesis or is of another credential. */
  NO_STATUS("no-status"),
  /** The snapshot proves the ledger holds no such credential. */
  UNKNOWN_CREDENTIAL("unknown-credential"),
  /** The ledger holds another document for this licence (a renewal): this one is no longer the one in force. */
  SUPERSEDED("superseded"),
  REVOKED("revoked"),
  /** Past its validity by the verifier's clock. */
  EXPIRED("expired"),
  NOT_YET_VALID("not-yet-valid"),
  /** The snapshot is older than the verifier accepts. */
  STALE_STATUS("stale-status"),
  SUSPENDED("suspended");

  private final String code;

  CredentialFailure(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
