package org.medledger.node.membership;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;
import org.medledger.network.PeerCheck;

/**
 * Who may connect as a peer: a genesis validator only — its very node certificate, or, in a
 * network whose suite the JDK's TLS lacks (gm), a P-256 transport certificate its organisation's
 * CA issued under the validator's own name (+ "-tls", CertificateAuthority#issueTransport) — valid now and not revoked on the ledger. Any other
 * node certificate a genesis CA signs (an organisation can mint as many as it likes) is refused:
 * it would otherwise receive every vote, block and vault message.
 */
public final class ValidatorPeerCheck implements PeerCheck {
  private final Membership membership;
  private final Supplier<StateReader> state;
  private final Clock clock;

  public ValidatorPeerCheck(Membership membership, Supplier<StateReader> state, Clock clock) {
    this.membership = membership;
    this.state = state;
    this.clock = clock;
  }

  @Override
  public Optional<String> problem(X509Certificate cert) {
    CertificateCheck c = membership.checkTransport(cert, state.get(), clock.millis());
    if (c instanceof CertificateCheck.Invalid i) {
      return Optional.of(i.reason());
    }
    MemberCertificate m = ((CertificateCheck.Valid) c).member();
    if (m.role() != Role.NODE) {
      return Optional.of("holds a " + m.role().wireName() + " certificate, not a node's");
    }
    if (membership.validatorCertificate(m.id()).isPresent()) {
      return Optional.empty();
    }
    boolean transportKey = !membership.genesis().suite().equals("intl");
    for (ValidatorEntry v : membership.genesis().validators()) {
      if (transportKey && v.organisation().equals(m.organisation()) && (v.name() + "-tls").equals(m.name())) {
        return Optional.empty();
      }
    }
    return Optional.of("node certificate " + m.id() + " of " + m.organisation() + " ('" + m.name()
        + "') is not a genesis validator's");
  }
}
