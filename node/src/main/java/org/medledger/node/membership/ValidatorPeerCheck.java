package org.medledger.node.membership;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.network.PeerCheck;

/**
 * Who may connect as a peer: a validator of the set in force at the next height or of a set the
 * ledger has scheduled after it (a genesis validator on a chain without governance) — its very node certificate, or, in a
 * network whose suite the JDK's TLS lacks (gm), a P-256 transport certificate its organisation's
 * CA issued under the validator's own name (+ "-tls", CertificateAuthority#issueTransport) — valid now and not revoked on the ledger. Any other
 * node certificate a genesis CA signs (an organisation can mint as many as it likes) is refused:
 * it would otherwise receive every vote, block and vault message.
 *
 * <p>A transport certificate names the node certificate it was issued with
 * (CertificateAuthority#transportBinding), which must be the validator's in that set, itself
 * valid and not revoked: so a rotation of the node certificate retires the old transport
 * certificate from the rotation's height, as on intl, and revoking the node certificate drops its
 * links. One naming none (made by a release before the binding) speaks only for the node
 * certificate its validator first held (the genesis's, or the one it was voted in with): never
 * for a rotated one.
 */
public final class ValidatorPeerCheck implements PeerCheck {
  private final Membership membership;
  private final Supplier<StateReader> state;
  private final Clock clock;
  /** The validators in force at the next height and those scheduled after it (LedgerValidatorSchedule). */
  private final Supplier<List<ValidatorEntry>> currentAndScheduled;

  public ValidatorPeerCheck(Membership membership, Supplier<StateReader> state, Clock clock,
      Supplier<List<ValidatorEntry>> currentAndScheduled) {
    this.membership = membership;
    this.state = state;
    this.clock = clock;
    this.currentAndScheduled = currentAndScheduled;
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
    if (speaksFor(m, currentAndScheduled.get()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of("node certificate " + m.id() + " of " + m.organisation() + " ('" + m.name()
        + "') is not a validator's, now or scheduled");
  }

  /**
   * Which of {@code validators} a peer's link certificate speaks for: the one whose node
   * certificate it is, or (gm) whose transport certificate; empty for any other or an invalid one.
   */
  public Optional<ValidatorEntry> validatorOf(X509Certificate cert, List<ValidatorEntry> validators) {
    CertificateCheck c = membership.checkTransport(cert, state.get(), clock.millis());
    if (!(c instanceof CertificateCheck.Valid valid) || valid.member().role() != Role.NODE) {
      return Optional.empty();
    }
    return speaksFor(valid.member(), validators);
  }

  private Optional<ValidatorEntry> speaksFor(MemberCertificate m, List<ValidatorEntry> validators) {
    boolean transportKey = !membership.genesis().suite().equals("intl");
    for (ValidatorEntry v : validators) {
      if (v.organisation().equals(m.organisation())
          && (transportKey ? (v.name() + "-tls").equals(m.name()) && transportOf(v, m) : idOf(v).equals(m.id()))) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** Whether transport certificate {@code m} goes with {@code v}'s node certificate (see the class comment). */
  private boolean transportOf(ValidatorEntry v, MemberCertificate m) {
    Optional<String> bound;
    try {
      bound = org.medledger.crypto.x509.CertificateAuthority.transportBinding(m.certificate());
    } catch (IllegalArgumentException ambiguous) {
      return false;
    }
    X509Certificate node = Pem.parseCertificate(v.nodeCertificatePem());
    StateReader s = state.get();
    if (!(membership.check(node, s, clock.millis()) instanceof CertificateCheck.Valid)) {
      return false;
    }
    if (bound.isPresent()) {
      return bound.get().equals(idOf(v).hex());
    }
    return firstNodeCertificateOf(v.name(), s).equals(v.nodeCertificatePem());
  }

  /** The node certificate validator {@code name} held in the first set that names it. */
  private String firstNodeCertificateOf(String name, StateReader s) {
    for (ValidatorHistory.Transition t : ValidatorHistory.transitions(membership.genesis(), s)) {
      for (ValidatorEntry v : t.validators()) {
        if (v.name().equals(name)) {
          return v.nodeCertificatePem();
        }
      }
    }
    return "";
  }

  private org.medledger.crypto.Hash idOf(ValidatorEntry v) {
    return CertificateId.of(membership.genesis().cryptoSuite().hash(), Pem.parseCertificate(v.nodeCertificatePem()));
  }
}
