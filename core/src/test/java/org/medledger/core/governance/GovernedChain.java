package org.medledger.core.governance;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.membership.LedgerCallerResolver;
import org.medledger.core.membership.Membership;
import org.medledger.core.membership.MembershipContract;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * A governed chain of {@code orgs} organisations, the first {@code validators} of them holding a
 * validator, run through the real block executor, membership contract, caller resolver,
 * governance and evidence contracts on in-memory state. Keys and certificates are made at run time.
 */
final class GovernedChain {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final SecureRandom RANDOM = new SecureRandom();
  static final long T0 = System.currentTimeMillis();
  static final Date FROM = new Date(T0 - 3_600_000L);
  static final Date TO = new Date(T0 + 86_400_000L);
  static final String CHAIN = "governed";

  /** A certificate holder with its key. */
  record Member(String organisation, X509Certificate certificate, Hash id, Signer signer, KeyPair keys) {
    String pem() {
      return Pem.certificate(certificate);
    }
  }

  final List<CertificateAuthority> cas = new ArrayList<>();
  final List<Member> admins = new ArrayList<>();
  final List<Member> nodes = new ArrayList<>();
  final Genesis genesis;
  final Membership membership;
  final BlockExecutor executor;
  final InMemoryState state = new InMemoryState();
  long height = 1;
  private long nonce;

  /** A chain founded today: its genesis starts it at this release's protocol version. */
  GovernedChain(int orgs, int validators, GovernanceRules rules) {
    this(orgs, validators, rules, ProtocolVersion.CURRENT);
  }

  /** {@code protocolVersion}: the version the genesis starts the chain at (1 for a chain founded before version 2). */
  GovernedChain(int orgs, int validators, GovernanceRules rules, int protocolVersion) {
    List<Organisation> organisations = new ArrayList<>();
    List<ValidatorEntry> entries = new ArrayList<>();
    for (int i = 0; i < orgs; i++) {
      CertificateAuthority ca = CertificateAuthority.create(SUITE, "org-" + i, FROM, TO, RANDOM);
      cas.add(ca);
      organisations.add(new Organisation("org-" + i, Pem.certificate(ca.certificate()),
          List.of(Role.ADMIN, Role.CLINICIAN, Role.NODE)));
      admins.add(user(ca, "admin-" + i, Role.ADMIN));
      Member node = node(ca, "org-" + i + "-node");
      nodes.add(node);
      if (i < validators) {
        entries.add(validatorEntry(node, "org-" + i + "-node"));
      }
    }
    genesis = new Genesis(CHAIN, SUITE.id(), T0 - 1000, organisations, entries, List.of(), ChainParameters.DEFAULTS)
        .withGovernance(rules).withProtocolVersion(protocolVersion);
    membership = new Membership(genesis);
    executor = new BlockExecutor(new ContractRegistry().register(new MembershipContract(membership))
        .register(new GovernanceContract(membership)).register(new org.medledger.core.evidence.EvidenceContract(membership)),
        SUITE.hash(), new LedgerCallerResolver(membership),
        s -> Consortium.parameters(genesis, s));
    for (Member a : admins) {
      ok(register(a));
    }
  }

  static Member user(CertificateAuthority ca, String name, Role role) {
    KeyPair k = SUITE.signatures().generateKeyPair(RANDOM);
    X509Certificate c = ca.issueUser(name, role, k.getPublic(), FROM, TO);
    return new Member(ca.organisation(), c, CertificateId.of(SUITE.hash(), c), SUITE.signatures().signer(k), k);
  }

  static Member node(CertificateAuthority ca, String name) {
    KeyPair k = SUITE.signatures().generateKeyPair(RANDOM);
    X509Certificate c = ca.issueNode(name, k.getPublic(), FROM, TO);
    return new Member(ca.organisation(), c, CertificateId.of(SUITE.hash(), c), SUITE.signatures().signer(k), k);
  }

  static ValidatorEntry validatorEntry(Member node, String name) {
    return new ValidatorEntry(node.organisation(), name, node.pem(), encryptionKey(node, name));
  }

  static EncryptionKeyCertificate encryptionKey(Member node, String name) {
    return EncryptionKeyCertificate.issue(SUITE, node.signer(), CHAIN, EncryptionKeyCertificate.nodeHolder(name),
        SUITE.generateEncryptionKeyPair(RANDOM).getPublic());
  }

  static String encryptionKeyHex(Member node, String name) {
    return Hex.encode(encryptionKey(node, name).encode());
  }

  /** Runs one transaction in a block of its own at the next height, at {@code timestamp}. */
  TxOutcome runAt(long timestamp, Member by, String contract, String method, String... args) {
    Transaction tx = new Transaction.Payload(SUITE.id(), CHAIN, by.id(), ++nonce, timestamp, contract, method,
        Args.of(args)).sign(by.signer());
    ExecutionResult r = executor.execute(state, ++height, T0, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  TxOutcome run(Member by, String contract, String method, String... args) {
    return runAt(T0, by, contract, method, args);
  }

  TxOutcome register(Member m) {
    return run(m, "membership", "register", "certificate", m.pem());
  }

  /** {@code by} registers {@code m}'s certificate: a transaction whose sender must be a registered member. */
  TxOutcome register(Member m, Member by) {
    return run(by, "membership", "register", "certificate", m.pem());
  }

  TxOutcome propose(Member by, String kind, String... terms) {
    String[] args = new String[terms.length + 2];
    args[0] = "kind";
    args[1] = kind;
    System.arraycopy(terms, 0, args, 2, terms.length);
    return run(by, "governance", "propose", args);
  }

  TxOutcome vote(Member by, long proposal, String choice) {
    return run(by, "governance", "vote", "proposal", Long.toString(proposal), "choice", choice);
  }

  Proposal proposal(long id) {
    byte[] v = state.get(org.medledger.core.runtime.StateKeys.of("governance", Proposal.key(id)));
    return v == null ? null : Proposal.decode(v);
  }

  Consortium consortium() {
    return Consortium.at(genesis, state);
  }

  /** Every key and value of the state, to show a refused transaction changed nothing but its nonce record. */
  java.util.SortedMap<String, String> governanceState() {
    java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
    state.scan(org.medledger.core.runtime.StateKeys.of("governance", ""), (k, v) -> {
      m.put(Hex.encode(k), Hex.encode(v));
      return true;
    });
    state.scan(org.medledger.core.runtime.StateKeys.of("membership", ""), (k, v) -> {
      m.put(Hex.encode(k), Hex.encode(v));
      return true;
    });
    return m;
  }

  static void ok(TxOutcome o) {
    org.assertj.core.api.Assertions.assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }
}
