package org.medledger.core.genesis;

import java.util.List;
import java.util.Objects;
import org.medledger.core.codec.CanonicalWriter;
import java.security.PublicKey;
import org.medledger.crypto.CertifiedEncryptionKey;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.UncertifiedKeyException;
import org.medledger.crypto.x509.Pem;

/**
 * The founding document of a network: its suite, members, validators and limits. Every node and
 * every offline verifier starts from it; its hash is the previous hash of block 0.
 *
 * @param revokedCertificates hex ids of certificates revoked before the chain started
 * @param applications the applications the chain runs, in name order; empty when the genesis has
 *     no such field, which means {@link GenesisApplication#BEFORE_THE_FIELD} (see {@link
 *     #applicationsRun()}) and keeps the bytes and hash such a genesis always had
 * @param registeredCertificates PEM certificates registered from the first block, as if by {@code
 *     membership.register} (network init: each organisation's admin, so it can submit at once);
 *     empty keeps the bytes and hash a genesis without the field always had
 * @param governance the on-chain governance rules when the genesis enables it (its optional
 *     {@code governance} field); empty: no governance contract runs and the bytes are as before
 * @param protocolVersion the protocol version the chain runs from block 1, before any upgrade
 *     ({@link org.medledger.core.governance.ProtocolUpgrades#versionAt}); a genesis without the
 *     field starts at 1, and 1 is encoded as that absence, so such a genesis keeps its bytes and hash
 */
public record Genesis(
    String chainId,
    String suite,
    long timestamp,
    List<Organisation> organisations,
    List<ValidatorEntry> validators,
    List<String> revokedCertificates,
    ChainParameters parameters,
    java.util.Optional<List<GenesisApplication>> applications,
    List<String> registeredCertificates,
    java.util.Optional<GovernanceRules> governance,
    int protocolVersion) {
  /** The protocol version of a genesis without the {@code protocolVersion} field. */
  public static final int FIRST_PROTOCOL_VERSION = 1;

  /** A genesis without a {@code protocolVersion} field: the chain starts at protocol version 1. */
  public Genesis(String chainId, String suite, long timestamp, List<Organisation> organisations,
      List<ValidatorEntry> validators, List<String> revokedCertificates, ChainParameters parameters,
      java.util.Optional<List<GenesisApplication>> applications, List<String> registeredCertificates,
      java.util.Optional<GovernanceRules> governance) {
    this(chainId, suite, timestamp, organisations, validators, revokedCertificates, parameters, applications,
        registeredCertificates, governance, FIRST_PROTOCOL_VERSION);
  }

  /** Without certificates registered at the start (a genesis written before the field). */
  public Genesis(String chainId, String suite, long timestamp, List<Organisation> organisations,
      List<ValidatorEntry> validators, List<String> revokedCertificates, ChainParameters parameters,
      java.util.Optional<List<GenesisApplication>> applications) {
    this(chainId, suite, timestamp, organisations, validators, revokedCertificates, parameters, applications, List.of());
  }

  /** A genesis without an {@code applications} field: it runs {@link GenesisApplication#BEFORE_THE_FIELD}. */
  public Genesis(String chainId, String suite, long timestamp, List<Organisation> organisations,
      List<ValidatorEntry> validators, List<String> revokedCertificates, ChainParameters parameters) {
    this(chainId, suite, timestamp, organisations, validators, revokedCertificates, parameters, java.util.Optional.empty());
  }

  /** A genesis without a {@code governance} field: membership and parameters stay as it fixes them. */
  public Genesis(String chainId, String suite, long timestamp, List<Organisation> organisations,
      List<ValidatorEntry> validators, List<String> revokedCertificates, ChainParameters parameters,
      java.util.Optional<List<GenesisApplication>> applications, List<String> registeredCertificates) {
    this(chainId, suite, timestamp, organisations, validators, revokedCertificates, parameters, applications,
        registeredCertificates, java.util.Optional.empty());
  }

  public Genesis {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(parameters, "parameters");
    organisations = List.copyOf(organisations);
    validators = List.copyOf(validators);
    revokedCertificates = List.copyOf(revokedCertificates);
    Objects.requireNonNull(applications, "applications");
    Objects.requireNonNull(governance, "governance");
    applications = applications.map(Genesis::checkedApplications);
    registeredCertificates = List.copyOf(registeredCertificates);
    if (protocolVersion < FIRST_PROTOCOL_VERSION) {
      throw new IllegalArgumentException("protocolVersion must be " + FIRST_PROTOCOL_VERSION + " or more, got "
          + protocolVersion);
    }
    if (!chainId.matches("[a-z0-9][a-z0-9.\\-]{0,63}")) {
      throw new IllegalArgumentException(
          "chainId '" + chainId + "' must be 1-64 characters of a-z 0-9 . - starting with a letter or digit");
    }
    CryptoSuites.byId(suite);
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("the genesis names no validator");
    }
    if (organisations.isEmpty()) {
      throw new IllegalArgumentException("the genesis names no organisation");
    }
    for (ValidatorEntry v : validators) {
      encryptionKey(chainId, suite, v);
      Organisation o = organisations.stream().filter(x -> x.name().equals(v.organisation())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("validator " + v.name() + " belongs to organisation '"
              + v.organisation() + "', which the genesis does not name"));
      if (!o.mayHold(org.medledger.crypto.x509.Role.NODE)) {
        throw new IllegalArgumentException("validator " + v.name() + " belongs to organisation " + o.name()
            + ", whose roles (" + o.rolesText() + ") do not include node");
      }
    }
  }

  /** Sorted by name (the order the node registers them in), each name once. */
  private static List<GenesisApplication> checkedApplications(List<GenesisApplication> list) {
    List<GenesisApplication> sorted = new java.util.ArrayList<>(list);
    sorted.sort(java.util.Comparator.comparing(GenesisApplication::name));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
        throw new IllegalArgumentException("the genesis names application '" + sorted.get(i).name() + "' twice");
      }
    }
    return List.copyOf(sorted);
  }

  /** The same genesis naming exactly these applications (as {@code network init} writes it). */
  public Genesis withApplications(List<GenesisApplication> named) {
    return new Genesis(chainId, suite, timestamp, organisations, validators, revokedCertificates, parameters,
        java.util.Optional.of(named), registeredCertificates, governance, protocolVersion);
  }

  /** The same genesis registering these certificates (PEM) from the first block. */
  public Genesis withRegisteredCertificates(List<String> pems) {
    return new Genesis(chainId, suite, timestamp, organisations, validators, revokedCertificates, parameters,
        applications, pems, governance, protocolVersion);
  }

  /** The same genesis with on-chain governance enabled under these rules. */
  public Genesis withGovernance(GovernanceRules rules) {
    return new Genesis(chainId, suite, timestamp, organisations, validators, revokedCertificates, parameters,
        applications, registeredCertificates, java.util.Optional.of(rules), protocolVersion);
  }

  /** The same genesis starting the chain at protocol version {@code version}. */
  public Genesis withProtocolVersion(int version) {
    return new Genesis(chainId, suite, timestamp, organisations, validators, revokedCertificates, parameters,
        applications, registeredCertificates, governance, version);
  }

  /** The applications this chain runs: those named, or without the field those every chain ran before it. */
  public List<GenesisApplication> applicationsRun() {
    return applications.orElse(GenesisApplication.BEFORE_THE_FIELD);
  }

  /** The organisation of that name, if the genesis names it. */
  public java.util.Optional<Organisation> organisation(String name) {
    return organisations.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  public CryptoSuite cryptoSuite() {
    return CryptoSuites.byId(suite);
  }

  /** Largest number of faulty validators tolerated: f = floor((n - 1) / 3) ({@link Quorum}). */
  public int maxFaulty() {
    return Quorum.maxFaulty(validators.size());
  }

  /**
   * Seals needed for a commit certificate: floor((n + f) / 2) + 1, so two certificates share an
   * honest validator for every n ({@link Quorum}); 2f + 1 when n = 3f + 1.
   */
  public int quorum() {
    return Quorum.size(validators.size());
  }

  /**
   * The validator's encryption key, certified by its node key; the constructor checked each, so a
   * genesis object never holds one that does not verify.
   */
  public CertifiedEncryptionKey encryptionKey(ValidatorEntry v) {
    return encryptionKey(chainId, suite, v);
  }

  private static CertifiedEncryptionKey encryptionKey(String chainId, String suite, ValidatorEntry v) {
    try {
      PublicKey signing = Pem.parseCertificate(v.nodeCertificatePem()).getPublicKey();
      return v.encryptionKeyCertificate().certify(CryptoSuites.byId(suite), chainId,
          EncryptionKeyCertificate.nodeHolder(v.name()), signing);
    } catch (UncertifiedKeyException | RuntimeException e) {
      throw new IllegalArgumentException("validator " + v.name() + ": " + e.getMessage());
    }
  }

  /** Canonical encoding; its hash identifies the network and anchors block 0. */
  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(8192);
    w.string("medledger/genesis/v3").string(chainId).string(suite).u64(timestamp);
    w.u32(organisations.size());
    for (Organisation o : organisations) {
      w.string(o.name()).string(o.caCertificatePem()).string(o.rolesText());
    }
    w.u32(validators.size());
    for (ValidatorEntry v : validators) {
      w.string(v.organisation()).string(v.name()).string(v.nodeCertificatePem()).bytes(v.encryptionKeyCertificate().encode());
    }
    w.u32(revokedCertificates.size());
    for (String r : revokedCertificates) {
      w.string(r);
    }
    w.u32(parameters.maxTransactionBytes())
        .u32(parameters.maxBlockTransactions())
        .u64(parameters.blockIntervalMillis())
        .u64(parameters.timestampToleranceMillis());
    // Only when named: a genesis without the field keeps the bytes (and the hash) it always had;
    // nothing followed the parameters before, so the marker cannot be confused with older bytes.
    if (applications.isPresent()) {
      w.string("applications").u32(applications.get().size());
      for (GenesisApplication a : applications.get()) {
        w.string(a.name()).u32(a.version());
      }
    }
    // Likewise only when some are: older genesis files keep their hash. Its marker differs from
    // "applications", so the two optional parts never read as each other.
    if (!registeredCertificates.isEmpty()) {
      w.string("registeredCertificates").u32(registeredCertificates.size());
      for (String pem : registeredCertificates) {
        w.string(pem);
      }
    }
    // The same way, after them: only a genesis that enables governance has these bytes.
    if (governance.isPresent()) {
      GovernanceRules g = governance.get();
      w.string("governance").string(g.memberChanges().toString()).string(g.validatorChanges().toString())
          .u64(g.votingPeriodBlocks()).u64(g.activationDelayBlocks());
    }
    // And last, only for a chain that starts past version 1: a genesis without the field (which
    // starts at 1) keeps its hash, and its own marker keeps it apart from every part before it.
    if (protocolVersion != FIRST_PROTOCOL_VERSION) {
      w.string("protocolVersion").u32(protocolVersion);
    }
    return w.toByteArray();
  }

  public Hash hash() {
    return Hash.of(cryptoSuite().hash().hash(encode()));
  }

  /**
   * The chain as validators name it in everything they sign (proposals, votes, commit seals):
   * {@code chainId ‖ "/" ‖ hex of the genesis hash} ('/' is not a chain id character, so this
   * reads back one way). The chain id alone would let a seal made under one genesis verify under
   * another with the same chain id and validators; the genesis hash binds every seal, and so every
   * receipt, to its founding document.
   */
  public String signingChainId() {
    return chainId + "/" + hash().hex();
  }
}
