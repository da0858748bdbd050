package org.medledger.apps.credentials.contract.view;

/**
 * Where a credential stands by its issuer's word. Expiry is not a status: it follows from the
 * validity period and the block's time, so nobody needs to commit it.
 */
public enum CredentialStatus {
  ACTIVE, SUSPENDED, REVOKED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
