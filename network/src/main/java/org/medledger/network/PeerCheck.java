package org.medledger.network;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Decides whether a certificate presented in a TLS handshake belongs to a member node: issued by
 * a genesis CA, valid now, not revoked on the ledger, with the node role. Supplied by the node,
 * which knows the genesis and the ledger.
 */
@FunctionalInterface
public interface PeerCheck {
  /** Empty when the peer is accepted, else the reason it is refused. */
  Optional<String> problem(X509Certificate certificate);
}
