package org.medledger.node.auth;

import org.medledger.crypto.Verifier;

/** Checks a presented certificate against the consortium's CAs and revocations. */
public interface CertificateAuthenticator {
  record Authenticated(Identity identity, Verifier verifier) {}

  /** AuthException (401) naming why the certificate is not accepted. */
  Authenticated authenticate(String certificatePem);
}
