package org.medledger.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.governance.ValidatorList;
import org.medledger.core.governance.ValidatorTransitionProof;
import org.medledger.core.membership.LedgerOrganisations;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.receipt.SenderMembership;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.smt.NodeKey;
import org.medledger.crypto.smt.SparseMerkleTree;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeNode;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * A state receipt of a governed chain whose validator set changed, made with real keys, seals and
 * state proofs (the receipt's block is sealed by a validator the genesis does not know): four
 * genesis validators org-0 to org-3; org-4's joins at height {@link #JOINS} (its set proven in
 * block 9's state, sealed by three of the genesis's four); the receipt is of a key after block
 * {@link #RECEIPT_HEIGHT}, sealed by org-1 to org-4 (four of the five). The same receipt Java's
 * ReceiptVerifier checks, so the browser's verdicts can be held to Java's.
 *
 * <p>Transaction receipts of block {@link #RECEIPT_HEIGHT} (its one transaction) for senders of
 * org-5, an organisation voted in after the genesis: the ledger's member list (the genesis's five
 * and org-5, admins only) is proven in that block's state ({@code senderMembership}); also
 * senders the list does not vouch for (another CA naming org-5, a role org-5 is not granted)
 * and a genesis organisation's admin, whose receipt needs no such proof.
 */
final class GovernedReceiptFixture {
  static final long JOINS = 10;
  static final long RECEIPT_HEIGHT = 12;
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAIN = "governed-ui";

  private record Node(String organisation, String name, X509Certificate certificate, Hash id, Signer signer) {}

  /** A member's certificate and key, to sign a transaction with. */
  record Member(X509Certificate certificate, Hash id, Signer signer) {}

  private final long t0 = System.currentTimeMillis();
  private final List<Node> nodes = new ArrayList<>();
  private final List<ValidatorEntry> five = new ArrayList<>();
  private final List<CertificateAuthority> cas = new ArrayList<>();
  private final ValidatorTransitionProof joins;
  private final Date from;
  private final Date to;
  /** org-5's CA, voted in: it is in the ledger's member list, not in the genesis. */
  private final CertificateAuthority votedInCa;
  /** Another CA naming itself org-5's, in no list. */
  private final CertificateAuthority impostorCa;
  /** The ledger's member list after the vote: the genesis's organisations and org-5 (admins only). */
  private final byte[] memberList;
  final Genesis genesis;
  final JsonNode receipt;
  /** A receipt of block {@link #EARLY_HEIGHT}, before the change, carrying the change all the same. */
  final JsonNode early;
  static final long EARLY_HEIGHT = 8;

  GovernedReceiptFixture() {
    from = new Date(t0 - 3_600_000L);
    to = new Date(t0 + 86_400_000L);
    List<Organisation> organisations = new ArrayList<>();
    List<String> admins = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CertificateAuthority ca = CertificateAuthority.create(SUITE, "org-" + i, from, to, RANDOM);
      cas.add(ca);
      admins.add(Pem.certificate(ca.issueUser("admin", Role.ADMIN, SUITE.signatures().generateKeyPair(RANDOM).getPublic(), from, to)));
      organisations.add(new Organisation("org-" + i, Pem.certificate(ca.certificate()), List.of(Role.ADMIN, Role.NODE)));
      KeyPair k = SUITE.signatures().generateKeyPair(RANDOM);
      X509Certificate c = ca.issueNode("org-" + i + "-node", k.getPublic(), from, to);
      Node n = new Node("org-" + i, "org-" + i + "-node", c, CertificateId.of(SUITE.hash(), c), SUITE.signatures().signer(k));
      nodes.add(n);
      five.add(new ValidatorEntry(n.organisation(), n.name(), Pem.certificate(c), EncryptionKeyCertificate.issue(SUITE,
          n.signer(), CHAIN, EncryptionKeyCertificate.nodeHolder(n.name()), SUITE.generateEncryptionKeyPair(RANDOM).getPublic())));
    }
    // Registered admins, governance and the starting protocol version, as network init writes a governed genesis.
    genesis = new Genesis(CHAIN, SUITE.id(), t0 - 1000, organisations, five.subList(0, 4), List.of(), ChainParameters.DEFAULTS,
        Optional.empty(), admins, Optional.of(GovernanceRules.DEFAULTS))
        // Founded with this release, as network init writes it: the browser hashes that part too.
        .withProtocolVersion(org.medledger.core.governance.ProtocolVersion.CURRENT);
    joins = proven(JOINS - 1, ValidatorHistory.stateKey(JOINS), ValidatorList.encode(five), 0, 1, 2);
    ValidatorTransitionProof fact = proven(RECEIPT_HEIGHT, StateKeys.of("membership", "cert/example"), new byte[] {7}, 1, 2, 3, 4);
    ValidatorTransitionProof earlier = proven(EARLY_HEIGHT, StateKeys.of("membership", "cert/example"), new byte[] {7}, 0, 1, 2);
    receipt = asSent(ReceiptDocuments.stateReceipt(fact.proof(), fact.header(), SUITE.hash(), List.of(joins)));
    early = asSent(ReceiptDocuments.stateReceipt(earlier.proof(), earlier.header(), SUITE.hash(), List.of(joins)));
    votedInCa = CertificateAuthority.create(SUITE, "org-5", from, to, RANDOM);
    impostorCa = CertificateAuthority.create(SUITE, "org-5", from, to, RANDOM);
    memberList = memberList(votedInCa);
  }

  /** An admin of org-5, the organisation voted in. */
  Member votedInAdmin() {
    return member(votedInCa, "admin-5", Role.ADMIN);
  }

  /** A clinician of org-5, a role the vote did not grant org-5. */
  Member votedInClinician() {
    return member(votedInCa, "clinician-5", Role.CLINICIAN);
  }

  /** An admin by another CA that names itself org-5's. */
  Member impostor() {
    return member(impostorCa, "admin-5", Role.ADMIN);
  }

  /** An admin of org-1, a genesis organisation. */
  Member genesisAdmin() {
    return member(cas.get(1), "admin-1", Role.ADMIN);
  }

  private Member member(CertificateAuthority ca, String name, Role role) {
    KeyPair k = SUITE.signatures().generateKeyPair(RANDOM);
    X509Certificate c = ca.issueUser(name, role, k.getPublic(), from, to);
    return new Member(c, CertificateId.of(SUITE.hash(), c), SUITE.signatures().signer(k));
  }

  /** The hex of the member list with org-5's CA swapped for the impostor's: a list no block holds. */
  String forgedMemberList() {
    return org.medledger.crypto.Hex.encode(memberList(impostorCa));
  }

  private List<Organisation> organisationsWith(CertificateAuthority org5) {
    List<Organisation> members = new ArrayList<>(genesis.organisations());
    members.add(new Organisation("org-5", Pem.certificate(org5.certificate()), List.of(Role.ADMIN)));
    return members;
  }

  private byte[] memberList(CertificateAuthority org5) {
    return LedgerOrganisations.encode(organisationsWith(org5));
  }

  /**
   * The receipt of {@code sender}'s transaction, the one transaction of block {@link #RECEIPT_HEIGHT}
   * (sealed by org-1 to org-4 through the change), with the member list proven in that block's
   * state as its {@code senderMembership} when {@code withMembership}.
   */
  JsonNode transactionReceipt(Member sender, boolean withMembership) {
    Transaction tx = new Transaction.Payload(SUITE.id(), CHAIN, sender.id(), 1, t0, "notary", "anchor",
        Args.of("hash", "ab".repeat(32))).sign(sender.signer());
    TxOutcome outcome = TxOutcome.ok(tx.id(SUITE.hash()), List.of());
    Hash logRoot = Hash.of(new MerkleHasher(SUITE.hash()).leafHash(outcome.logEntry()));
    ValidatorTransitionProof block = proven(RECEIPT_HEIGHT, LedgerOrganisations.fullKey(), memberList, 1, logRoot, 1, 2, 3, 4);
    SenderMembership membership = withMembership ? new SenderMembership(block.header(), block.proof()) : null;
    byte[] der;
    try {
      der = sender.certificate().getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    return asSent(ReceiptDocuments.transactionReceipt(tx, 0, 1, List.of(), outcome, block.header(), SUITE.hash(), der,
        membership, List.of(joins)));
  }

  /** The member list's state receipt under block {@code height}, sealed by org-1 to org-4, which appended no transaction. */
  JsonNode memberListUnder(long height) {
    ValidatorTransitionProof block = proven(height, LedgerOrganisations.fullKey(), memberList, 0, Hash.ZERO, 1, 2, 3, 4);
    return asSent(ReceiptDocuments.stateReceipt(block.proof(), block.header(), SUITE.hash()));
  }

  /** As a node's API sends it: written, then read back (numbers then read as a client reads them). */
  private static JsonNode asSent(Map<String, Object> document) {
    try {
      return JSON.readTree(JSON.writeValueAsString(document));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String genesisJson() {
    return GenesisJson.write(genesis);
  }

  /** The hex certificate id of org-{@code i}'s validator. */
  String validatorId(int i) {
    return nodes.get(i).id().hex();
  }

  /**
   * {@code key → value} proven in a real state tree whose root the header of {@code height} carries,
   * sealed by the given validators (as a transition to height + 1 when the key is a set's).
   */
  private ValidatorTransitionProof proven(long height, byte[] key, byte[] value, int... sealers) {
    return proven(height, key, value, 0, Hash.ZERO, sealers);
  }

  /** As above, the header's log {@code logSize} leaves under {@code logRoot}, all appended by this block. */
  private ValidatorTransitionProof proven(long height, byte[] key, byte[] value, long logSize, Hash logRoot, int... sealers) {
    SparseMerkleTree tree = new SparseMerkleTree(SUITE.hash());
    Map<NodeKey, TreeNode> stored = new TreeMap<>();
    Map<byte[], byte[]> writes = new LinkedHashMap<>();
    writes.put(StateKeys.of("membership", "cert/unrelated"), new byte[] {1});
    writes.put(key, value);
    TreeUpdate u = tree.update(k -> Optional.ofNullable(stored.get(k)), TreeRoot.EMPTY, 1, writes);
    u.newNodes().forEach(n -> stored.put(n.key(), n.node()));
    StateProof proof = tree.prove(k -> Optional.ofNullable(stored.get(k)), u.root(), key);
    BlockHeader h = new BlockHeader(CHAIN, height, Hash.ZERO, Hash.ZERO, (int) logSize, u.root().hash(), logRoot, logSize,
        t0 + height, nodes.get(sealers[0]).id());
    Hash blockHash = h.hash(SUITE.hash());
    byte[] message = CommitCertificate.commitMessage(genesis.signingChainId(), height, 0, blockHash);
    List<CommitSeal> seals = new ArrayList<>();
    for (int i : sealers) {
      seals.add(new CommitSeal(nodes.get(i).id(), nodes.get(i).signer().sign(message)));
    }
    return new ValidatorTransitionProof(height + 1, new SignedHeader(h, new CommitCertificate(0, seals)), proof);
  }
}
