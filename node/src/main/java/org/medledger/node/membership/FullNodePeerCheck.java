package org.medledger.node.membership;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.network.PeerCheck;

/**
 * Who may connect as a peer: a validator ({@link ValidatorPeerCheck}), or a member organisation's
 * full node — a node certificate its organisation's CA issued, valid now, not revoked, and
 * registered on the ledger ({@code membership.register}). A full node's link is a follower's:
 * it receives blocks and gossip like anyone linked, but the consensus engine counts only
 * signatures of the validator set in force at each height, so a full node's vote or proposal
 * counts for no one. A node certificate nobody registered (an organisation can mint as many as
 * it likes) and any certificate of a non-member stay refused.
 */
public final class FullNodePeerCheck implements PeerCheck {
  private final ValidatorPeerCheck validators;
  private final Membership membership;
  private final Supplier<StateReader> state;
  private final Clock clock;

  public FullNodePeerCheck(ValidatorPeerCheck validators, Membership membership, Supplier<StateReader> state, Clock clock) {
    this.validators = validators;
    this.membership = membership;
    this.state = state;
    this.clock = clock;
  }

  @Override
  public Optional<String> problem(X509Certificate cert) {
    Optional<String> asValidator = validators.problem(cert);
    if (asValidator.isEmpty()) {
      return asValidator;
    }
    StateReader s = state.get();
    CertificateCheck c = membership.checkTransport(cert, s, clock.millis());
    if (c instanceof CertificateCheck.Invalid i) {
      return Optional.of(i.reason());
    }
    MemberCertificate m = ((CertificateCheck.Valid) c).member();
    if (m.role() != Role.NODE || wasValidator(s, m.id())) {
      // A validator's certificate removed from the set (the genesis's or one voted in, or replaced
      // by a rotation) stays refused: it is not let back in as a follower.
      return asValidator;
    }
    if (membership.certificate(s, m.id()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of("node certificate " + m.id() + " of " + m.organisation() + " ('" + m.name()
        + "') is neither a validator's, now or scheduled, nor a registered full node's (register it with membership.register)");
  }

  /** Whether {@code id} is the node certificate of a validator of any set the ledger recorded. */
  private boolean wasValidator(StateReader s, org.medledger.crypto.Hash id) {
    for (ValidatorHistory.Transition t : ValidatorHistory.transitions(membership.genesis(), s)) {
      for (ValidatorEntry v : t.validators()) {
        if (CertificateId.of(membership.genesis().cryptoSuite().hash(), Pem.parseCertificate(v.nodeCertificatePem())).equals(id)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The validator check this one extends: which validator a link speaks for ({@link ValidatorReach}). */
  public ValidatorPeerCheck validators() {
    return validators;
  }

  /** Whether {@code cert} is a validator's, now or scheduled: a link allowed vault frames. */
  public boolean isValidator(X509Certificate cert) {
    return validators.problem(cert).isEmpty();
  }
}
