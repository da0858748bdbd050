package org.medledger.apps.credentials.contract.view;

import org.medledger.crypto.Hash;

/**
 * The credentials contract's state keys, which another contract reads through {@code
 * ContractContext#read} and a verifier asks state receipts of. Organisation names and licence
 * numbers hold no '/', so each key has one reading.
 */
public final class CredentialKeys {
  /** The contract's namespace. */
  public static final String NAMESPACE = "credentials";

  private CredentialKeys() {}

  /** One credential: {@code credential/<issuer>/<licence>}. */
  public static String credential(String issuer, String licence) {
    return "credential/" + issuer + "/" + licence;
  }

  /** Every credential of a holder, listed under {@code holder/<certificate>/}. */
  public static String holderPrefix(Hash holder) {
    return "holder/" + holder.hex() + "/";
  }

  /** The holder's index entry of one credential: {@code holder/<certificate>/<issuer>/<licence>}. */
  public static String holderEntry(Hash holder, String issuer, String licence) {
    return holderPrefix(holder) + issuer + "/" + licence;
  }

  /** The height from which the ledger requires a credential for a scope: {@code enforced/<scope>}. */
  public static String enforced(Scope scope) {
    return "enforced/" + scope.wireName();
  }
}
