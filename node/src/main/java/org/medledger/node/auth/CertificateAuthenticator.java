package org.medledger.node.auth;

import org.medledger.crypto.Verifier;

/** Checks a presented certificate against the consortium's CAs and revocations. */
public interface CertificateAuthenticator {
  record Authenticated(Identity identity, Verifier verifier) {}

  /** AuthException (401) naming why the certificate is not accepted. */
  Authenticated authenticate(String certificatePem);

  /**
   * Checks, on every request, that a token's certificate still stands on the ledger: registered,
   * within validity, not revoked, with the organisation and role the token names. A token is
   * only the node's memory of a login; the ledger decides whether its holder is still a member.
   * AuthException (401) naming what changed.
   */
  void requireStanding(Identity who);
}
