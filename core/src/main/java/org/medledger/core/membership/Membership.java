package org.medledger.core.membership;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.TrustAnchors;

/**
 * Who belongs to the network at a given state: the genesis validators, plus every certificate
 * registered on the ledger through the {@code membership} contract or by a passed validator-set
 * change ({@link LedgerNodeCertificates}), minus what the genesis or
 * the ledger revoked. Every certificate must chain to the CA of a member organisation: the
 * genesis's, or, once governance changed them, the ledger's ({@link LedgerOrganisations}).
 */
public final class Membership {
  private final Genesis genesis;
  private final CryptoSuite suite;
  private final TrustAnchors anchors;
  private final Map<Hash, X509Certificate> validators = new TreeMap<>();
  private final Set<Hash> genesisRevoked = new TreeSet<>();
  /** Anchors of the ledger's organisation lists, by the list's bytes: pure, so caching cannot change an outcome. */
  private final ConcurrentHashMap<Hash, TrustAnchors> ledgerAnchors = new ConcurrentHashMap<>();
  /** Certificates the genesis registers from the first block (network init's admins). */
  private final Map<Hash, X509Certificate> genesisRegistered = new TreeMap<>();
  /** Parsed certificates by id: parsing is pure, so caching cannot change any outcome. */
  private final ConcurrentHashMap<Hash, X509Certificate> parsed = new ConcurrentHashMap<>();
  /** Parsed voted-in validators' certificates by id, read only once the state holds them. */
  private final ConcurrentHashMap<Hash, X509Certificate> votedIn = new ConcurrentHashMap<>();

  public Membership(Genesis genesis) {
    this.genesis = genesis;
    this.suite = genesis.cryptoSuite();
    // Every certificate check (contracts, logins, peers) goes through these anchors, so the
    // roles the genesis grants each organisation bind everywhere at once.
    this.anchors = anchorsOf(genesis.organisations());
    for (ValidatorEntry v : genesis.validators()) {
      X509Certificate c = Pem.parseCertificate(v.nodeCertificatePem());
      validators.put(CertificateId.of(suite.hash(), c), c);
    }
    for (String r : genesis.revokedCertificates()) {
      genesisRevoked.add(Hash.fromHex(r));
    }
    for (String pem : genesis.registeredCertificates()) {
      X509Certificate c;
      try {
        c = Pem.parseCertificate(pem);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("genesis: a registeredCertificates entry is not a PEM certificate: " + e.getMessage());
      }
      // The same rule membership.register applies, at the genesis time: its CA, a role the
      // genesis grants that organisation, valid when the chain starts.
      if (anchors.check(c, genesis.timestamp(), id -> genesisRevoked.contains(id)) instanceof CertificateCheck.Invalid bad) {
        throw new IllegalArgumentException("genesis: registered certificate " + org.medledger.crypto.x509.Names.organisation(c)
            + "/" + c.getSubjectX500Principal().getName() + " is refused: " + bad.reason());
      }
      Hash id = CertificateId.of(suite.hash(), c);
      if (validators.containsKey(id) || genesisRegistered.put(id, c) != null) {
        throw new IllegalArgumentException("genesis: certificate " + id + " is registered twice");
      }
    }
  }

  /**
   * Trust anchors of these organisations: each CA must name its organisation and be a valid CA;
   * IllegalArgumentException names the first that is not.
   */
  public TrustAnchors anchorsOf(List<Organisation> organisations) {
    List<X509Certificate> cas = new ArrayList<>();
    Map<String, Set<org.medledger.crypto.x509.Role>> roles = new TreeMap<>();
    for (Organisation o : organisations) {
      X509Certificate ca = Pem.parseCertificate(o.caCertificatePem());
      String caOrganisation = org.medledger.crypto.x509.Names.organisation(ca);
      if (!o.name().equals(caOrganisation)) {
        throw new IllegalArgumentException("organisation " + o.name() + " is given a CA certificate of '"
            + caOrganisation + "'");
      }
      cas.add(ca);
      roles.put(o.name(), Set.copyOf(o.roles()));
    }
    return new TrustAnchors(suite, cas, roles);
  }

  public Genesis genesis() {
    return genesis;
  }

  /** The genesis's anchors (what an offline verifier holding only the genesis trusts). */
  public TrustAnchors anchors() {
    return anchors;
  }

  /** The member organisations at {@code state}: the ledger's list once governance changed it, else the genesis's. */
  public List<Organisation> organisations(StateReader state) {
    if (genesis.governance().isEmpty()) {
      return genesis.organisations();
    }
    return LedgerOrganisations.read(state).orElse(genesis.organisations());
  }

  /** The anchors in force at {@code state}: the member organisations' CAs ({@link #organisations}). */
  public TrustAnchors anchorsAt(StateReader state) {
    if (genesis.governance().isEmpty()) {
      return anchors; // without governance nothing writes the list: chains before it read exactly as they did
    }
    byte[] listed = state.get(LedgerOrganisations.fullKey());
    if (listed == null) {
      return anchors;
    }
    Hash key = Hash.of(suite.hash().hash(listed));
    TrustAnchors cached = ledgerAnchors.get(key);
    if (cached == null) {
      cached = anchorsOf(LedgerOrganisations.decode(listed));
      if (ledgerAnchors.size() > 64) {
        ledgerAnchors.clear(); // a handful of lists ever exist; the bound only guards memory
      }
      ledgerAnchors.put(key, cached);
    }
    return cached;
  }

  /** Validator certificate ids in ascending order, from the genesis. */
  public List<Hash> validatorIds() {
    return List.copyOf(validators.keySet());
  }

  public Optional<X509Certificate> validatorCertificate(Hash id) {
    return Optional.ofNullable(validators.get(id));
  }

  public static String certificateKey(Hash id) {
    return "cert/" + id.hex();
  }

  public static String revokedKey(Hash id) {
    return "revoked/" + id.hex();
  }

  public boolean isRevoked(StateReader state, Hash id) {
    return genesisRevoked.contains(id)
        || state.get(StateKeys.of(MembershipContract.NAME, revokedKey(id))) != null;
  }

  /** A certificate the genesis registers (not a validator's), by id. */
  public Optional<X509Certificate> genesisRegistered(Hash id) {
    return Optional.ofNullable(genesisRegistered.get(id));
  }

  /** The certificate with that id, if it is a validator's, registered by the genesis or on the ledger. */
  public Optional<X509Certificate> certificate(StateReader state, Hash id) {
    X509Certificate v = validators.get(id);
    if (v == null) {
      v = genesisRegistered.get(id);
    }
    if (v != null) {
      return Optional.of(v);
    }
    X509Certificate cached = parsed.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    byte[] der = state.get(StateKeys.of(MembershipContract.NAME, certificateKey(id)));
    if (der == null) {
      return ledgerNodeCertificate(state, id);
    }
    X509Certificate c = Pem.parseCertificate(der);
    parsed.put(id, c);
    return Optional.of(c);
  }

  /**
   * A node certificate a passed validator-set change registered ({@link LedgerNodeCertificates}).
   * Looked up in {@code state} every time (its parsed form cached by its bytes' id): an earlier
   * state, before the change passed, must not find it.
   */
  private Optional<X509Certificate> ledgerNodeCertificate(StateReader state, Hash id) {
    if (genesis.governance().isEmpty()) {
      return Optional.empty();
    }
    byte[] der = state.get(LedgerNodeCertificates.fullKey(id));
    if (der == null) {
      return Optional.empty();
    }
    return Optional.of(votedIn.computeIfAbsent(id, k -> Pem.parseCertificate(der)));
  }

  /** Checks a certificate at an instant against the CAs and revocations in {@code state}. */
  public CertificateCheck check(X509Certificate c, StateReader state, long atMillis) {
    return anchorsAt(state).check(c, atMillis, id -> isRevoked(state, id));
  }

  /** Checks a certificate a peer node presents in a TLS handshake (which may be a gm network's P-256 transport certificate). */
  public CertificateCheck checkTransport(X509Certificate c, StateReader state, long atMillis) {
    return anchorsAt(state).checkTransport(c, atMillis, id -> isRevoked(state, id));
  }

  /** The member behind a registered or validator certificate id, valid at {@code atMillis}. */
  public CertificateCheck member(StateReader state, Hash id, long atMillis) {
    Optional<X509Certificate> c = certificate(state, id);
    if (c.isEmpty()) {
      return new CertificateCheck.Invalid("certificate " + id + " is not registered on this network");
    }
    return anchorsAt(state).check(c.get(), id, atMillis, revoked -> isRevoked(state, revoked));
  }

  /** The contract-facing view of a valid member. */
  public static org.medledger.core.runtime.Caller caller(MemberCertificate m) {
    return new org.medledger.core.runtime.Caller(m.id(), m.organisation(), m.role().wireName(), m.name());
  }

  public MemberCertificate requireValid(CertificateCheck check) {
    if (check instanceof CertificateCheck.Valid v) {
      return v.member();
    }
    throw new IllegalArgumentException(((CertificateCheck.Invalid) check).reason());
  }
}
