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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.medledger.core.membership.MembershipContract;
import org.medledger.core.runtime.StateKeys;
import org.medledger.crypto.Hash;

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
    if (!membership.genesis().suite().equals("intl")) {
      return transportOfRegistered(s, m);
    }
    if (membership.certificate(s, m.id()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of("node certificate " + m.id() + " of " + m.organisation() + " ('" + m.name()
        + "') is neither a validator's, now or scheduled, nor a registered full node's (register it with membership.register)");
  }

  /** A gm link's transport certificate ("&lt;name&gt;-tls") and the registered node certificate it was found to speak for. */
  private final Map<Hash, Hash> transportFor = new ConcurrentHashMap<>();
  /**
   * Transport certificates whose scan found no registration, and when: a refused one redials every
   * two seconds, and a member could mint many; each is scanned for again only after {@link
   * #RESCAN_AFTER_MILLIS} (so a registration made meanwhile takes effect within it).
   */
  private final Map<Hash, Long> unregisteredAt = new ConcurrentHashMap<>();
  static final long RESCAN_AFTER_MILLIS = 10_000;
  private static final int MAX_REMEMBERED = 4096;

  /**
   * On a gm network a node links with a P-256 transport certificate its organisation's CA issued
   * under its name + "-tls" (the JDK's TLS has no SM2; {@code CertificateAuthority#issueTransport}),
   * whose own id nobody registers: it stands for the full node whose SM2 node certificate of that
   * name and organisation the ledger registers, valid and not revoked — found once by a scan of the
   * registered certificates, then checked by id on every later handshake and recheck (a refused
   * one is scanned for again only after {@link #RESCAN_AFTER_MILLIS}). A validator's name (of any
   * set recorded) is not taken as a full node's.
   */
  private Optional<String> transportOfRegistered(StateReader s, MemberCertificate transport) {
    String suffix = "-tls";
    if (!transport.name().endsWith(suffix)) {
      return Optional.of("node certificate " + transport.id() + " of " + transport.organisation() + " ('" + transport.name()
          + "') is no transport certificate (a gm network's links use '<node name>-tls') nor a validator's");
    }
    String node = transport.name().substring(0, transport.name().length() - suffix.length());
    if (isValidatorName(s, transport.organisation(), node)) {
      return Optional.of("transport certificate " + transport.id() + " names " + node + ", a validator of a set the ledger"
          + " recorded but not of the next block's or a scheduled one");
    }
    Hash known = transportFor.get(transport.id());
    if (known != null && registeredNode(s, known, transport.organisation(), node)) {
      return Optional.empty();
    }
    transportFor.remove(transport.id());
    long now = clock.millis();
    Long refused = unregisteredAt.get(transport.id());
    Optional<Hash> found = refused != null && now - refused < RESCAN_AFTER_MILLIS ? Optional.empty()
        : findRegisteredNode(s, transport.organisation(), node);
    if (found.isEmpty()) {
      if (refused == null || now - refused >= RESCAN_AFTER_MILLIS) {
        if (unregisteredAt.size() >= MAX_REMEMBERED) {
          unregisteredAt.clear();
        }
        unregisteredAt.put(transport.id(), now);
      }
      return Optional.of("transport certificate " + transport.id() + " of " + transport.organisation() + " ('" + transport.name()
          + "') speaks for no registered, unrevoked node certificate named '" + node + "' of " + transport.organisation()
          + " (register the full node's certificate with membership.register)");
    }
    if (transportFor.size() >= MAX_REMEMBERED) {
      transportFor.clear();
    }
    unregisteredAt.remove(transport.id());
    transportFor.put(transport.id(), found.get());
    return Optional.empty();
  }

  /** Whether {@code id} is a registered node certificate of {@code organisation} named {@code node}, valid now, not revoked. */
  private boolean registeredNode(StateReader s, Hash id, String organisation, String node) {
    CertificateCheck c = membership.member(s, id, clock.millis());
    return c instanceof CertificateCheck.Valid v && v.member().role() == Role.NODE
        && v.member().organisation().equals(organisation) && v.member().name().equals(node);
  }

  private Optional<Hash> findRegisteredNode(StateReader s, String organisation, String node) {
    Hash[] found = new Hash[1];
    s.scan(StateKeys.of(MembershipContract.NAME, "cert/"), (key, der) -> {
      String local = StateKeys.localKey(MembershipContract.NAME, key);
      Hash id;
      try {
        id = Hash.fromHex(local.substring("cert/".length()));
      } catch (RuntimeException e) {
        return true;
      }
      if (registeredNode(s, id, organisation, node)) {
        found[0] = id;
        return false;
      }
      return true;
    });
    return Optional.ofNullable(found[0]);
  }

  private boolean isValidatorName(StateReader s, String organisation, String node) {
    for (ValidatorHistory.Transition t : ValidatorHistory.transitions(membership.genesis(), s)) {
      for (ValidatorEntry v : t.validators()) {
        if (v.organisation().equals(organisation) && v.name().equals(node)) {
          return true;
        }
      }
    }
    return false;
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
