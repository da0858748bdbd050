package org.medledger.apps.credentials.contract.view;

/** Why a credential does not license an act at a block: each with the code the ledger refuses with. */
public enum CredentialProblem {
  REVOKED("credential_revoked", "revoked"),
  SUSPENDED("credential_suspended", "suspended"),
  NOT_YET_VALID("credential_not_yet_valid", "not valid yet"),
  EXPIRED("credential_expired", "expired"),
  LACKS_SCOPE("credential_lacks_scope", "without that scope");

  private final String code;
  private final String words;

  CredentialProblem(String code, String words) {
    this.code = code;
    this.words = words;
  }

  /** The refusal's code in the block's log leaf. */
  public String code() {
    return code;
  }

  public String words() {
    return words;
  }
}
