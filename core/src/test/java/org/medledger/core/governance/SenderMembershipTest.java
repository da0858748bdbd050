package org.medledger.core.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.membership.LedgerOrganisations;
import org.medledger.core.receipt.SenderMembership;
import org.medledger.core.receipt.SenderSignature;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.smt.NodeKey;
import org.medledger.crypto.smt.SparseMerkleTree;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeNode;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.Role;

/**
 * A receipt's sender from an organisation voted in after the genesis, checked offline: the member
 * list the real governance contract wrote, proven in a real state tree under a header's state
 * root, lets the genesis-only check trust the voted-in CA; a forged list, a proof under another
 * root, a list from which the organisation was removed, and a certificate of another CA naming
 * the same organisation are each refused with the reason.
 */
class SenderMembershipTest {
  private final GovernedChain chain = new GovernedChain(4, 4,
      new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 20, 2));
  private final SenderSignature senders = new SenderSignature(chain.genesis);
  private final CertificateAuthority pharmacy = CertificateAuthority.create(GovernedChain.SUITE, "pharmacy-c",
      GovernedChain.FROM, GovernedChain.TO, GovernedChain.RANDOM);
  private final GovernedChain.Member pharmacist = GovernedChain.user(pharmacy, "pharmacist", Role.ADMIN);
  private final Transaction signed = tx(pharmacist);

  @Test
  void aVotedInOrganisationsUserVerifiesWithItsProvenMembershipAndOnlyWithIt() {
    byte[] votedIn = votedIn();
    assertThat(senders.needsMembershipProof(signed, der(pharmacist))).isTrue();
    assertThat(senders.problem(signed, der(pharmacist))).get().asString()
        .startsWith("the sender's certificate: ");
    assertThat(senders.problem(signed, der(pharmacist), proven(votedIn, 7))).isEmpty();
    // A genesis organisation's user needs none, and a receipt carrying one anyway is refused.
    GovernedChain.Member admin = chain.admins.get(1);
    assertThat(senders.needsMembershipProof(tx(admin), der(admin))).isFalse();
    assertThat(senders.problem(tx(admin), der(admin), proven(votedIn, 7))).get().asString()
        .startsWith("senderMembership is given, but a genesis CA already vouches for the sender's certificate");
  }

  @Test
  void aForgedListIsRefused() {
    SenderMembership honest = proven(votedIn(), 7);
    // The value swapped for a list naming an impostor's CA as pharmacy-c's: it no longer leads to the root.
    CertificateAuthority impostor = CertificateAuthority.create(GovernedChain.SUITE, "pharmacy-c",
        GovernedChain.FROM, GovernedChain.TO, GovernedChain.RANDOM);
    List<org.medledger.core.genesis.Organisation> forged = new java.util.ArrayList<>(chain.genesis.organisations());
    forged.add(new org.medledger.core.genesis.Organisation("pharmacy-c",
        org.medledger.crypto.x509.Pem.certificate(impostor.certificate()), List.of(Role.ADMIN)));
    StateProof p = honest.proof();
    SenderMembership swapped = new SenderMembership(honest.header(),
        new StateProof(p.key(), LedgerOrganisations.encode(forged), p.siblings(), p.otherLeaf()));
    GovernedChain.Member impostorUser = GovernedChain.user(impostor, "pharmacist", Role.ADMIN);
    assertThat(senders.problem(tx(impostorUser), der(impostorUser), swapped)).get().asString()
        .startsWith("senderMembership: the state proof does not lead to block 7's state root");
  }

  @Test
  void aProofUnderAnotherRootIsRefused() {
    byte[] votedIn = votedIn();
    SenderMembership honest = proven(votedIn, 7);
    SenderMembership other = proven(votedIn, 8, "another block's write");
    SenderMembership mixed = new SenderMembership(other.header(), honest.proof());
    assertThat(senders.problem(signed, der(pharmacist), mixed)).get().asString()
        .startsWith("senderMembership: the state proof does not lead to block 8's state root");
    // A proof of another key (here: the validator set) under the right root is refused by its key.
    SenderMembership otherKey = new SenderMembership(honest.header(),
        new StateProof(ValidatorHistory.stateKey(9), votedIn, honest.proof().siblings(), honest.proof().otherLeaf()));
    assertThat(senders.problem(signed, der(pharmacist), otherKey)).get().asString()
        .isEqualTo("senderMembership: it proves another state key than governance/consortium/organisations,"
            + " the ledger's list of member organisations");
  }

  @Test
  void anOrganisationRemovedBeforeTheTransactionIsRefused() {
    votedIn();
    GovernedChain.ok(chain.register(pharmacist));
    GovernedChain.ok(chain.propose(chain.admins.get(0), "remove-member", "organisation", "pharmacy-c"));
    GovernedChain.ok(chain.vote(chain.admins.get(1), 2, "yes"));
    GovernedChain.ok(chain.vote(chain.admins.get(2), 2, "yes"));
    byte[] afterRemoval = chain.state.get(LedgerOrganisations.fullKey());
    assertThat(LedgerOrganisations.decode(afterRemoval)).extracting(org.medledger.core.genesis.Organisation::name)
        .doesNotContain("pharmacy-c");
    assertThat(senders.problem(signed, der(pharmacist), proven(afterRemoval, 12))).get().asString()
        .startsWith("the sender's certificate, against the member organisations the ledger held after block 12: ")
        .contains("pharmacy-c");
  }

  @Test
  void aCertificateOfAnotherCaNamingTheVotedInOrganisationIsRefused() {
    byte[] votedIn = votedIn();
    CertificateAuthority impostor = CertificateAuthority.create(GovernedChain.SUITE, "pharmacy-c",
        GovernedChain.FROM, GovernedChain.TO, GovernedChain.RANDOM);
    GovernedChain.Member impostorUser = GovernedChain.user(impostor, "pharmacist", Role.ADMIN);
    assertThat(senders.problem(tx(impostorUser), der(impostorUser), proven(votedIn, 7))).get().asString()
        .startsWith("the sender's certificate, against the member organisations the ledger held after block 7: ");
  }

  /** pharmacy-c voted in by the real governance contract; the member list it wrote. */
  private byte[] votedIn() {
    GovernedChain.ok(chain.propose(chain.admins.get(0), "add-member", "organisation", "pharmacy-c", "caCertificate",
        org.medledger.crypto.x509.Pem.certificate(pharmacy.certificate()), "roles", "admin,clinician"));
    GovernedChain.ok(chain.vote(chain.admins.get(1), 1, "yes"));
    GovernedChain.ok(chain.vote(chain.admins.get(2), 1, "yes"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.PASSED);
    return chain.state.get(LedgerOrganisations.fullKey());
  }

  /** The list proven in a real state tree whose root a header at {@code height} carries. */
  private SenderMembership proven(byte[] list, long height, String... unrelated) {
    SparseMerkleTree tree = new SparseMerkleTree(GovernedChain.SUITE.hash());
    Map<NodeKey, TreeNode> nodes = new TreeMap<>();
    Map<byte[], byte[]> writes = new LinkedHashMap<>();
    writes.put(org.medledger.core.runtime.StateKeys.of("membership", "cert/unrelated"), new byte[] {1});
    for (String u : unrelated) {
      writes.put(org.medledger.core.runtime.StateKeys.of("notary", u), new byte[] {2});
    }
    writes.put(LedgerOrganisations.fullKey(), list);
    TreeUpdate u = tree.update(k -> Optional.ofNullable(nodes.get(k)), TreeRoot.EMPTY, 1, writes);
    u.newNodes().forEach(n -> nodes.put(n.key(), n.node()));
    StateProof proof = tree.prove(k -> Optional.ofNullable(nodes.get(k)), u.root(), LedgerOrganisations.fullKey());
    BlockHeader h = new BlockHeader(chain.genesis.chainId(), height, Hash.ZERO, Hash.ZERO, 0, u.root().hash(), Hash.ZERO,
        height, GovernedChain.T0, chain.nodes.get(0).id());
    return new SenderMembership(new SignedHeader(h, new CommitCertificate(0, List.of())), proof);
  }

  private static Transaction tx(GovernedChain.Member by) {
    return new Transaction.Payload(GovernedChain.SUITE.id(), GovernedChain.CHAIN, by.id(), 1, GovernedChain.T0,
        "membership", "register", Args.of("certificate", by.pem())).sign(by.signer());
  }

  private static byte[] der(GovernedChain.Member m) {
    try {
      return m.certificate().getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
