package org.medledger.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.core.governance.GovernedChain.ok;

import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * The governance contract's rules on a chain of four organisations, each holding a validator and
 * an admin: how proposals pass, are rejected, expire and take effect, and every way a member may
 * try to cheat (vote twice, vote as another organisation, vote without being an admin, vote late).
 */
class GovernanceContractTest {
  private static final GovernanceRules RULES =
      new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 5, 2);
  private final GovernedChain chain = new GovernedChain(4, 4, RULES);

  private GovernedChain.Member admin(int i) {
    return chain.admins.get(i);
  }

  @Test
  void aParameterChangePassesWithTwoThirdsOfTheValidatorsOrganisationsAndBindsFromTheNextBlock() {
    ok(chain.propose(admin(0), "set-parameter", "parameter", "timestampToleranceMillis", "value", "60000"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.PENDING); // the proposer's yes: 1 of 4
    ok(chain.vote(admin(1), 1, "yes"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.PENDING); // 2 of 4 < 2/3
    assertThat(chain.consortium().parameters().timestampToleranceMillis()).isEqualTo(600_000L);
    ok(chain.vote(admin(2), 1, "yes"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.PASSED);
    assertThat(chain.consortium().parameters().timestampToleranceMillis()).isEqualTo(60_000L);

    // A transaction two minutes off the block's time: refused now, as every node's executor reads the ledger's value.
    TxOutcome late = chain.runAt(GovernedChain.T0 - 120_000, admin(3), "governance", "vote", "proposal", "1",
        "choice", "yes");
    assertThat(late.code()).isEqualTo("stale_timestamp");
    assertThat(late.message()).contains("60000 ms");
    // And a fourth vote on a decided proposal is refused, not counted.
    assertThat(chain.vote(admin(3), 1, "yes").code()).isEqualTo("not_pending");
  }

  @Test
  void aSecondVoteByTheSameOrganisationIsRefusedEvenFromAnotherOfItsAdmins() {
    ok(chain.propose(admin(0), "set-parameter", "parameter", "blockIntervalMillis", "value", "500"));
    ok(chain.vote(admin(1), 1, "no"));
    SortedMap<String, String> before = chain.governanceState();
    TxOutcome again = chain.vote(admin(1), 1, "yes");
    assertThat(again.code()).isEqualTo("already_voted");
    assertThat(again.message()).contains("org-1 already voted on proposal 1");
    GovernedChain.Member secondAdmin = GovernedChain.user(chain.cas.get(1), "admin-1b", Role.ADMIN);
    ok(chain.register(secondAdmin));
    before = chain.governanceState();
    assertThat(chain.vote(secondAdmin, 1, "yes").code()).isEqualTo("already_voted");
    assertThat(chain.governanceState()).isEqualTo(before);
    // The proposer's organisation voted by proposing.
    assertThat(chain.vote(admin(0), 1, "yes").code()).isEqualTo("already_voted");
  }

  @Test
  void anAdminCannotVoteForAnotherOrganisation() {
    ok(chain.propose(admin(0), "set-parameter", "parameter", "blockIntervalMillis", "value", "500"));
    SortedMap<String, String> before = chain.governanceState();
    TxOutcome asOther = chain.run(admin(1), "governance", "vote", "proposal", "1", "choice", "yes",
        "organisation", "org-2");
    assertThat(asOther.code()).isEqualTo("forbidden");
    assertThat(asOther.message()).contains("admin of org-1, not of org-2");
    assertThat(chain.governanceState()).isEqualTo(before);
    // Its own organisation's vote is still its to cast, once.
    ok(chain.run(admin(1), "governance", "vote", "proposal", "1", "choice", "yes", "organisation", "org-1"));
  }

  @Test
  void aMemberWhoIsNoAdminCanNeitherProposeNorVote() {
    GovernedChain.Member clinician = GovernedChain.user(chain.cas.get(2), "dr-li", Role.CLINICIAN);
    ok(chain.register(clinician));
    SortedMap<String, String> before = chain.governanceState();
    TxOutcome propose = chain.propose(clinician, "set-parameter", "parameter", "blockIntervalMillis", "value", "500");
    assertThat(propose.code()).isEqualTo("forbidden");
    assertThat(propose.message()).contains("only a admin may call governance.propose");
    assertThat(chain.governanceState()).isEqualTo(before);
    ok(chain.propose(admin(0), "set-parameter", "parameter", "blockIntervalMillis", "value", "500"));
    before = chain.governanceState();
    assertThat(chain.vote(clinician, 1, "yes").code()).isEqualTo("forbidden");
    // A validator's node certificate is no admin either.
    assertThat(chain.vote(chain.nodes.get(2), 1, "yes").code()).isEqualTo("forbidden");
    assertThat(chain.governanceState()).isEqualTo(before);
  }

  @Test
  void aVoteAfterExpiryIsRefusedAndTheExpiryIsRecordedExplicitly() {
    ok(chain.propose(admin(0), "set-parameter", "parameter", "blockIntervalMillis", "value", "500"));
    Proposal p = chain.proposal(1);
    assertThat(p.expiresAfter()).isEqualTo(p.proposedAt() + 5);
    assertThat(chain.run(admin(1), "governance", "expire", "proposal", "1").code()).isEqualTo("not_expired");
    chain.height = p.expiresAfter(); // the next block is the first past the voting period
    SortedMap<String, String> before = chain.governanceState();
    TxOutcome late = chain.vote(admin(1), 1, "yes");
    assertThat(late.code()).isEqualTo("proposal_expired");
    assertThat(late.message()).contains("expired after height " + p.expiresAfter());
    assertThat(chain.governanceState()).isEqualTo(before);
    // Readers see it expired from the first block past its period, before anyone records it.
    assertThat(chain.proposal(1).statusAt(p.expiresAfter() + 1)).isEqualTo(ProposalStatus.EXPIRED);
    assertThat(chain.proposal(1).describe(p.expiresAfter() + 1)).containsEntry("status", "expired");
    ok(chain.run(admin(1), "governance", "expire", "proposal", "1"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.EXPIRED);
    assertThat(chain.consortium().parameters().blockIntervalMillis()).isEqualTo(200L);
  }

  @Test
  void enoughNoVotesRejectAProposalAtOnce() {
    ok(chain.propose(admin(0), "set-parameter", "parameter", "blockIntervalMillis", "value", "500"));
    ok(chain.vote(admin(1), 1, "no"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.PENDING); // 3 of 4 may still say yes
    ok(chain.vote(admin(2), 1, "no"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.REJECTED); // at most 2 of 4 now
    assertThat(chain.consortium().parameters().blockIntervalMillis()).isEqualTo(200L);
  }

  @Test
  void anOrganisationVotedInRegistersItsUsersAndOneVotedOutLosesItsStanding() {
    CertificateAuthority joining = CertificateAuthority.create(GovernedChain.SUITE, "pharmacy-c", GovernedChain.FROM,
        GovernedChain.TO, GovernedChain.RANDOM);
    GovernedChain.Member pharmacist = GovernedChain.user(joining, "admin-c", Role.ADMIN);
    assertThat(chain.register(pharmacist).code()).isEqualTo("unknown_sender");
    ok(chain.propose(admin(0), "add-member", "organisation", "pharmacy-c", "caCertificate",
        Pem.certificate(joining.certificate()), "roles", "admin,node,clinician"));
    ok(chain.vote(admin(1), 1, "yes"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.PENDING); // 2 of 4 is no majority
    assertThat(chain.register(pharmacist).code()).isEqualTo("unknown_sender");
    ok(chain.vote(admin(2), 1, "yes"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.PASSED);
    assertThat(chain.consortium().organisation("pharmacy-c")).isPresent();
    ok(chain.register(pharmacist));
    // A member now: it votes on member changes (5 members, so 3 make a majority) but not on
    // validator changes, since it holds no validator.
    ok(chain.propose(pharmacist, "remove-member", "organisation", "pharmacy-c"));
    ok(chain.vote(admin(0), 2, "yes"));
    assertThat(chain.proposal(2).status()).isEqualTo(ProposalStatus.PENDING);
    ok(chain.propose(admin(0), "set-parameter", "parameter", "blockIntervalMillis", "value", "400"));
    assertThat(chain.vote(pharmacist, 3, "yes").message()).contains("pharmacy-c has no vote");
    ok(chain.vote(admin(1), 2, "yes"));
    assertThat(chain.proposal(2).status()).isEqualTo(ProposalStatus.PASSED);
    // Its certificates no longer chain to a member's CA: every transaction of its admin is refused.
    assertThat(chain.vote(pharmacist, 3, "yes").code()).isEqualTo("unknown_sender");
  }

  @Test
  void aRotatedCaReplacesTheOldOneAndMustComeWithAnAdminOfTheOrganisation() {
    CertificateAuthority renewed = CertificateAuthority.create(GovernedChain.SUITE, "org-3", GovernedChain.FROM,
        GovernedChain.TO, GovernedChain.RANDOM);
    GovernedChain.Member clinicianOfNewCa = GovernedChain.user(renewed, "dr-new", Role.CLINICIAN);
    SortedMap<String, String> before = chain.governanceState();
    TxOutcome noAdmin = chain.propose(admin(3), "rotate-member-ca", "organisation", "org-3", "caCertificate",
        Pem.certificate(renewed.certificate()), "adminCertificate", clinicianOfNewCa.pem());
    assertThat(noAdmin.code()).isEqualTo("last_admin");
    assertThat(chain.governanceState()).isEqualTo(before);
    GovernedChain.Member newAdmin = GovernedChain.user(renewed, "admin-3-new", Role.ADMIN);
    ok(chain.propose(admin(3), "rotate-member-ca", "organisation", "org-3", "caCertificate",
        Pem.certificate(renewed.certificate()), "adminCertificate", newAdmin.pem()));
    ok(chain.vote(admin(0), 1, "yes"));
    ok(chain.vote(admin(1), 1, "yes"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.PASSED);
    ok(chain.register(newAdmin));
    assertThat(chain.vote(admin(3), 1, "yes").code()).isEqualTo("unknown_sender"); // the old CA's admin
  }

  @Test
  void aValidatorSetChangeIsRecordedToTakeEffectAtItsHeight() {
    GovernedChain five = new GovernedChain(5, 4, RULES);
    GovernedChain.Member node = five.nodes.get(4);
    ok(five.propose(five.admins.get(4), "add-validator", "organisation", "org-4", "validator", "org-4-node",
        "nodeCertificate", node.pem(), "encryptionKeyCertificate", GovernedChain.encryptionKeyHex(node, "org-4-node")));
    // org-4 holds no validator: its proposal is no vote; three of the four validators' organisations pass it.
    ok(five.vote(five.admins.get(0), 1, "yes"));
    ok(five.vote(five.admins.get(1), 1, "yes"));
    assertThat(five.proposal(1).status()).isEqualTo(ProposalStatus.PENDING);
    ok(five.vote(five.admins.get(2), 1, "yes"));
    Proposal passed = five.proposal(1);
    assertThat(passed.status()).isEqualTo(ProposalStatus.PASSED);
    assertThat(passed.effectiveAt()).isEqualTo(passed.decidedAt() + 2);
    assertThat(five.consortium().validators()).extracting(v -> v.name()).contains("org-4-node").hasSize(5);
    // The genesis's set runs until the change's height, the new one from it (what the engine reads).
    assertThat(ValidatorHistory.at(five.genesis, five.state, passed.effectiveAt() - 1)).hasSize(4);
    assertThat(ValidatorHistory.at(five.genesis, five.state, passed.effectiveAt())).hasSize(5);
  }

  /**
   * The joiner's peer address rides on the add-validator vote and is kept under its name once it
   * passes; a malformed one is refused naming what is wrong, and an add-validator without one
   * (as proposed before addresses were kept) still passes, with no address.
   */
  @Test
  void anAddValidatorsPeerAddressIsCheckedAndKeptWhenItPasses() {
    GovernedChain five = new GovernedChain(5, 4, RULES);
    GovernedChain.Member node = five.nodes.get(4);
    String key = GovernedChain.encryptionKeyHex(node, "org-4-node");
    SortedMap<String, String> before = five.governanceState();
    for (String[] bad : new String[][] {{"10.0.0.5", "must be host:port"}, {"10.0.0.5:0", "port '0'"},
        {"10.0.0.5:70000", "port '70000'"}, {"10.0.0.256:7400", "not an IPv4 address"},
        {"2001:db8::5:7400", "in brackets"}, {"node_5.example.org:7400", "not a DNS name"}, {"[xyz]:7400", "not an IPv6"}}) {
      assertRefused(five.propose(five.admins.get(4), "add-validator", "organisation", "org-4", "validator", "org-4-node",
          "nodeCertificate", node.pem(), "encryptionKeyCertificate", key, "peerAddress", bad[0]), "invalid_argument",
          "peerAddress '" + bad[0] + "'");
      assertThat(five.governanceState()).as(bad[0]).isEqualTo(before);
    }
    ok(five.propose(five.admins.get(4), "add-validator", "organisation", "org-4", "validator", "org-4-node",
        "nodeCertificate", node.pem(), "encryptionKeyCertificate", key, "peerAddress", "node-4.example.org:7404"));
    assertThat(five.proposal(1).term("peerAddress")).contains("node-4.example.org:7404");
    ok(five.vote(five.admins.get(0), 1, "yes"));
    ok(five.vote(five.admins.get(1), 1, "yes"));
    assertThat(ValidatorAddresses.of(five.state, "org-4-node")).isEmpty();
    ok(five.vote(five.admins.get(2), 1, "yes"));
    assertThat(ValidatorAddresses.of(five.state, "org-4-node")).contains("node-4.example.org:7404");
    assertThat(ValidatorAddresses.parse("[::1]:7400")).isEqualTo(new ValidatorAddresses.HostPort("::1", 7400));

    GovernedChain other = new GovernedChain(5, 4, RULES);
    GovernedChain.Member n = other.nodes.get(4);
    ok(other.propose(other.admins.get(4), "add-validator", "organisation", "org-4", "validator", "org-4-node",
        "nodeCertificate", n.pem(), "encryptionKeyCertificate", GovernedChain.encryptionKeyHex(n, "org-4-node")));
    for (int i = 0; i < 3; i++) {
      ok(other.vote(other.admins.get(i), 1, "yes"));
    }
    assertThat(other.proposal(1).status()).isEqualTo(ProposalStatus.PASSED);
    assertThat(ValidatorAddresses.of(other.state, "org-4-node")).isEmpty();
  }

  @Test
  void aVotedInValidatorsNodeCertificateIsRegisteredByThePassingVoteAndSignsTransactions() {
    GovernedChain five = new GovernedChain(5, 4, RULES);
    GovernedChain.Member node = five.nodes.get(4);
    // Another node certificate org-4's CA issued, never voted on: the cheat that rides on the vote.
    GovernedChain.Member sideNode = GovernedChain.node(five.cas.get(4), "org-4-other");
    GovernedChain.Member patient = GovernedChain.user(five.cas.get(4), "patient-1", Role.CLINICIAN);
    assertRefused(five.register(patient, node), "unknown_sender", "not registered");
    ok(five.propose(five.admins.get(4), "add-validator", "organisation", "org-4", "validator", "org-4-node",
        "nodeCertificate", node.pem(), "encryptionKeyCertificate", GovernedChain.encryptionKeyHex(node, "org-4-node")));
    ok(five.vote(five.admins.get(0), 1, "yes"));
    ok(five.vote(five.admins.get(1), 1, "yes"));
    assertRefused(five.register(patient, node), "unknown_sender", "not registered"); // pending: not yet
    ok(five.vote(five.admins.get(2), 1, "yes"));
    assertThat(five.proposal(1).status()).isEqualTo(ProposalStatus.PASSED);

    assertThat(five.membership.certificate(five.state, node.id())).contains(node.certificate());
    ok(five.register(patient, node)); // the voted-in node signs, with no membership.register of its own
    assertRefused(five.register(node), "already_registered", node.id().hex());
    assertRefused(five.register(GovernedChain.user(five.cas.get(4), "patient-2", Role.CLINICIAN), sideNode),
        "unknown_sender", "not registered");
    // Its own organisation's admin may still retire it, as any node certificate.
    ok(five.run(five.admins.get(4), "membership", "revoke", "certificate", node.id().hex(), "reason", "retired"));
    assertRefused(five.register(GovernedChain.user(five.cas.get(4), "patient-3", Role.CLINICIAN), node),
        "revoked_sender", "revoked");
  }

  @Test
  void aVotedInValidatorsNodeSubmitsEvidenceAndItsOwnSignaturesConvictItFromItsHeightOnly() {
    GovernedChain five = new GovernedChain(5, 4, RULES);
    GovernedChain.Member node = five.nodes.get(4);
    assertRefused(five.run(node, "evidence", "submit", "evidence", twoPrevotes(five, five.nodes.get(0), 1)),
        "unknown_sender", "not registered");
    ok(five.propose(five.admins.get(4), "add-validator", "organisation", "org-4", "validator", "org-4-node",
        "nodeCertificate", node.pem(), "encryptionKeyCertificate", GovernedChain.encryptionKeyHex(node, "org-4-node")));
    passWithVotes(five, 1, 0, 1, 2);
    long joinsAt = five.proposal(1).effectiveAt();
    // The voted-in validator's node convicts a genesis validator's equivocation.
    ok(five.run(node, "evidence", "submit", "evidence", twoPrevotes(five, five.nodes.get(0), 1)));
    while (five.height < joinsAt) {
      ok(five.register(GovernedChain.user(five.cas.get(0), "clinician-" + five.height, Role.CLINICIAN)));
    }
    // Its own two votes count as evidence from its height, when its key is a validator's; before, they are no one's.
    assertRefused(five.run(five.nodes.get(1), "evidence", "submit", "evidence", twoPrevotes(five, node, joinsAt - 1)),
        "not_a_validator", "set in force at height " + (joinsAt - 1));
    ok(five.run(five.nodes.get(1), "evidence", "submit", "evidence", twoPrevotes(five, node, joinsAt)));
    // A node certificate of a member that was never a validator submits nothing.
    GovernedChain.Member sideNode = GovernedChain.node(five.cas.get(4), "org-4-other");
    ok(five.register(sideNode));
    assertRefused(five.run(sideNode, "evidence", "submit", "evidence", twoPrevotes(five, five.nodes.get(2), 1)),
        "forbidden", "only a validator's node submits evidence");
  }

  @Test
  void theElectorateThatRevokesAnotherOrganisationsNodeIsTheValidatorSetInForce() {
    // A delay long enough that both changes pass before the first takes effect.
    GovernedChain five = new GovernedChain(5, 4, new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 20, 10));
    GovernedChain.Member joiner = five.nodes.get(4);
    String target = five.nodes.get(1).id().hex();
    ok(five.propose(five.admins.get(4), "add-validator", "organisation", "org-4", "validator", "org-4-node",
        "nodeCertificate", joiner.pem(), "encryptionKeyCertificate", GovernedChain.encryptionKeyHex(joiner, "org-4-node")));
    passWithVotes(five, 1, 0, 1, 2);
    ok(five.propose(five.admins.get(0), "remove-validator", "validator", "org-3-node"));
    passWithVotes(five, 2, 1, 2, 4);
    long changesAt = Math.max(five.proposal(1).effectiveAt(), five.proposal(2).effectiveAt());
    // Before the changes' height: org-3's validator is in force and its admin votes; org-4's is not yet.
    assertThat(revocationVotes(ok2(five.run(five.admins.get(3), "membership", "revoke", "certificate", target))))
        .isEqualTo("1");
    assertRefused(five.run(five.admins.get(4), "membership", "revoke", "certificate", target), "forbidden",
        "(admin of org-4) has no vote");
    while (five.height + 1 < changesAt) {
      ok(five.register(GovernedChain.user(five.cas.get(0), "clinician-" + five.height, Role.CLINICIAN)));
    }
    // From it: the organisation voted out tries to vote again, on another validator's node: no vote.
    assertRefused(five.run(five.admins.get(3), "membership", "revoke", "certificate", five.nodes.get(2).id().hex()),
        "forbidden", "(admin of org-3) has no vote");
    // The voted-in organisation votes, and org-3's earlier vote no longer counts towards the quorum
    // of the four in force (3 of the others: org-0, org-2, org-4).
    assertThat(revocationVotes(ok2(five.run(five.admins.get(4), "membership", "revoke", "certificate", target))))
        .isEqualTo("1");
    assertThat(revocationVotes(ok2(five.run(five.admins.get(0), "membership", "revoke", "certificate", target))))
        .isEqualTo("2");
    assertThat(five.membership.isRevoked(five.state, five.nodes.get(1).id())).as("two of three needed").isFalse();
    assertThat(revocationVotes(ok2(five.run(five.admins.get(2), "membership", "revoke", "certificate", target))))
        .isEqualTo("3");
    assertThat(five.membership.isRevoked(five.state, five.nodes.get(1).id())).isTrue();
  }

  private static TxOutcome ok2(TxOutcome o) {
    ok(o);
    return o;
  }

  private static String revocationVotes(TxOutcome o) {
    return o.events().stream().filter(e -> e.type().equals("RevocationVoted")).findFirst().orElseThrow()
        .attributes().get("votes").orElseThrow();
  }

  /** Hex of evidence that {@code by} prevoted two values at {@code height}, round 0. */
  private static String twoPrevotes(GovernedChain c, GovernedChain.Member by, long height) {
    String chain = c.genesis.signingChainId();
    org.medledger.crypto.Hash a = org.medledger.crypto.Hash.of(GovernedChain.SUITE.hash().hash("A".getBytes()));
    org.medledger.crypto.Hash b = org.medledger.crypto.Hash.of(GovernedChain.SUITE.hash().hash("B".getBytes()));
    var step = org.medledger.core.consensus.ConsensusStep.PREVOTE;
    var first = new org.medledger.core.consensus.SignedConsensusMessage(step, height, 0, a, -1,
        by.signer().sign(org.medledger.core.consensus.ConsensusSignBytes.vote(chain, step, height, 0, a)));
    var second = new org.medledger.core.consensus.SignedConsensusMessage(step, height, 0, b, -1,
        by.signer().sign(org.medledger.core.consensus.ConsensusSignBytes.vote(chain, step, height, 0, b)));
    return org.medledger.crypto.Hex.encode(new org.medledger.core.evidence.Equivocation(by.id(), first, second).encode());
  }

  @Test
  void aRotatedValidatorsNewCertificateIsRegisteredAndOnlyItsOwnAdminWithItsOwnCaRotatesIt() {
    GovernedChain.Member renewed = GovernedChain.node(chain.cas.get(1), "org-1-node");
    GovernedChain.Member otherCas = GovernedChain.node(chain.cas.get(2), "org-1-node");
    GovernedChain.Member clinician = GovernedChain.user(chain.cas.get(1), "clinician-1", Role.CLINICIAN);
    ok(chain.register(clinician));
    SortedMap<String, String> before = chain.governanceState();
    // A node certificate of another organisation's CA under the validator's name: refused.
    assertRefused(chain.propose(admin(0), "rotate-validator", "validator", "org-1-node", "nodeCertificate",
        otherCas.pem(), "encryptionKeyCertificate", GovernedChain.encryptionKeyHex(otherCas, "org-1-node")),
        "invalid_certificate", "must be a node certificate of org-1; it is a node certificate of org-2");
    // A member who is not an admin: refused before any term is read.
    assertRefused(chain.run(clinician, "governance", "propose", "kind", "rotate-validator", "validator", "org-1-node",
        "nodeCertificate", renewed.pem(), "encryptionKeyCertificate", GovernedChain.encryptionKeyHex(renewed, "org-1-node")),
        "forbidden", "admin");
    // An encryption key certified by the old node key, not the new certificate's.
    assertRefused(chain.propose(admin(1), "rotate-validator", "validator", "org-1-node", "nodeCertificate",
        renewed.pem(), "encryptionKeyCertificate", GovernedChain.encryptionKeyHex(chain.nodes.get(1), "org-1-node")),
        "invalid_argument", "encryptionKeyCertificate of org-1-node");
    assertThat(chain.governanceState()).isEqualTo(before);

    ok(chain.propose(admin(1), "rotate-validator", "validator", "org-1-node", "nodeCertificate", renewed.pem(),
        "encryptionKeyCertificate", GovernedChain.encryptionKeyHex(renewed, "org-1-node")));
    passWithVotes(chain, 1, 0, 2);
    Proposal p = chain.proposal(1);
    assertThat(chain.membership.certificate(chain.state, renewed.id())).contains(renewed.certificate());
    ok(chain.register(GovernedChain.user(chain.cas.get(1), "patient-1", Role.CLINICIAN), renewed));
    List<ValidatorEntry> after = ValidatorHistory.at(chain.genesis, chain.state, p.effectiveAt());
    assertThat(after).filteredOn(v -> v.name().equals("org-1-node")).singleElement()
        .satisfies(v -> assertThat(v.nodeCertificatePem()).isEqualTo(renewed.pem()));
    assertThat(ValidatorHistory.at(chain.genesis, chain.state, p.effectiveAt() - 1))
        .filteredOn(v -> v.name().equals("org-1-node")).singleElement()
        .satisfies(v -> assertThat(v.nodeCertificatePem()).isEqualTo(chain.nodes.get(1).pem()));
  }

  @Test
  void theSetInForceAtEachHeightFollowsEveryChangeAtItsHeightInPassingOrderEvenAfterTheDelayIsLowered() {
    GovernedChain five = new GovernedChain(5, 4,
        new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 20, 10));
    GovernedChain.Member node = five.nodes.get(4);
    ok(five.propose(five.admins.get(4), "add-validator", "organisation", "org-4", "validator", "org-4-node",
        "nodeCertificate", node.pem(), "encryptionKeyCertificate", GovernedChain.encryptionKeyHex(node, "org-4-node")));
    passWithVotes(five, 1, 0, 1, 2);
    long added = five.proposal(1).effectiveAt();
    assertThat(added).isEqualTo(five.proposal(1).decidedAt() + 10);
    // The delay drops to 1 and a removal passes a few blocks later: it would take effect before the
    // addition passed earlier, so it is held to the addition's height (one set per height, in order).
    ok(five.propose(five.admins.get(0), "set-parameter", "parameter", "activationDelayBlocks", "value", "1"));
    passWithVotes(five, 2, 1, 2, 4);
    ok(five.propose(five.admins.get(0), "remove-validator", "validator", "org-3-node"));
    passWithVotes(five, 3, 1, 2, 4);
    assertThat(five.proposal(3).decidedAt() + 1).isLessThan(added);
    assertThat(five.proposal(3).effectiveAt()).isEqualTo(added);

    List<String> genesisSet = names(ValidatorHistory.at(five.genesis, five.state, added - 1));
    assertThat(genesisSet).containsExactly("org-0-node", "org-1-node", "org-2-node", "org-3-node");
    assertThat(names(ValidatorHistory.at(five.genesis, five.state, 1))).isEqualTo(genesisSet);
    assertThat(names(ValidatorHistory.at(five.genesis, five.state, added)))
        .containsExactly("org-0-node", "org-1-node", "org-2-node", "org-4-node");
    assertThat(ValidatorHistory.transitions(five.genesis, five.state)).extracting(ValidatorHistory.Transition::effectiveAt)
        .containsExactly(1L, added);

    // A later change lands at its own, later height; the heights before it keep their set.
    long now = five.height;
    ok(five.propose(five.admins.get(0), "remove-validator", "validator", "org-2-node"));
    passWithVotes(five, 4, 1, 4);
    long removed = five.proposal(4).effectiveAt();
    assertThat(removed).isGreaterThan(Math.max(added, now));
    assertThat(names(ValidatorHistory.at(five.genesis, five.state, removed - 1)))
        .containsExactly("org-0-node", "org-1-node", "org-2-node", "org-4-node");
    assertThat(names(ValidatorHistory.at(five.genesis, five.state, removed)))
        .containsExactly("org-0-node", "org-1-node", "org-4-node");
  }

  private static void passWithVotes(GovernedChain c, long proposal, int... voters) {
    for (int v : voters) {
      ok(c.vote(c.admins.get(v), proposal, "yes"));
    }
    assertThat(c.proposal(proposal).status()).isEqualTo(ProposalStatus.PASSED);
  }

  private static List<String> names(List<ValidatorEntry> validators) {
    return validators.stream().map(ValidatorEntry::name).toList();
  }

  @Test
  void badProposalsAreRefusedWithTheirOwnErrorAndChangeNothing() {
    CertificateAuthority outsider = CertificateAuthority.create(GovernedChain.SUITE, "org-1", GovernedChain.FROM,
        GovernedChain.TO, GovernedChain.RANDOM);
    GovernedChain.Member foreignNode = GovernedChain.node(outsider, "org-1-node-2");
    SortedMap<String, String> before = chain.governanceState();
    assertRefused(chain.propose(admin(0), "remove-member", "organisation", "nobody"), "unknown_organisation", "'nobody'");
    assertRefused(chain.propose(admin(0), "set-parameter", "parameter", "blockIntervalMillis", "value", "0"),
        "invalid_parameter", "blockIntervalMillis must be within [10, 60000], got 0");
    assertRefused(chain.propose(admin(0), "set-parameter", "parameter", "validatorChanges", "value", ">1/3"),
        "invalid_parameter", "more than half");
    assertRefused(chain.propose(admin(0), "set-parameter", "parameter", "colour", "value", "blue"),
        "invalid_parameter", "'colour' cannot be changed");
    assertRefused(chain.propose(admin(0), "add-validator", "organisation", "org-1", "validator", "org-1-node-2",
        "nodeCertificate", foreignNode.pem(), "encryptionKeyCertificate",
        GovernedChain.encryptionKeyHex(foreignNode, "org-1-node-2")), "invalid_certificate", "chains to no member CA");
    assertRefused(chain.propose(admin(0), "add-validator", "organisation", "org-1", "validator", "org-1-node",
        "nodeCertificate", chain.nodes.get(1).pem(), "encryptionKeyCertificate", "00"), "already_validator", "org-1-node");
    assertRefused(chain.propose(admin(0), "remove-member", "organisation", "org-2"), "holds_validator", "org-2-node");
    assertRefused(chain.propose(admin(0), "upgrade", "protocolVersion", Integer.toString(ProtocolVersion.CURRENT + 1),
        "height", "3"), "invalid_argument", "too soon");
    assertRefused(chain.propose(admin(0), "promote", "organisation", "org-1"), "invalid_argument", "not a proposal kind");
    assertRefused(chain.propose(admin(0), "add-member", "organisation", "x"), "missing_argument", "'caCertificate'");
    assertRefused(chain.propose(admin(0), "remove-member", "organisation", "x".repeat(20_000)), "invalid_argument",
        "a term holds at most 16384");
    assertRefused(chain.propose(admin(0), "rotate-validator", "validator", "org-1-node", "nodeCertificate",
        chain.nodes.get(1).pem(), "encryptionKeyCertificate", "00"), "invalid_certificate", "org-1-node's current one");
    assertRefused(chain.vote(admin(1), 7, "yes"), "not_found", "no proposal 7");
    assertRefused(chain.vote(admin(1), 1, "maybe"), "invalid_argument", "yes or no");
    assertThat(chain.governanceState()).isEqualTo(before);
  }

  @Test
  void aRemovalThatWouldLeaveTooFewValidatorsForAQuorumIsRefused() {
    GovernedChain two = new GovernedChain(3, 2, RULES);
    SortedMap<String, String> before = two.governanceState();
    assertRefused(two.propose(two.admins.get(0), "remove-validator", "validator", "org-1-node"), "too_few_validators",
        "would leave 1 of 2 validators, fewer than the 2 (2f+1)");
    assertThat(two.governanceState()).isEqualTo(before);
    // Four validators may lose one: three still make the quorum of four.
    ok(chain.propose(admin(0), "remove-validator", "validator", "org-3-node"));
  }

  @Test
  void aCertificateIsKeptInItsCanonicalFormWhateverSurroundsIt() {
    CertificateAuthority joining = CertificateAuthority.create(GovernedChain.SUITE, "lab-d", GovernedChain.FROM,
        GovernedChain.TO, GovernedChain.RANDOM);
    String canonical = Pem.certificate(joining.certificate());
    ok(chain.propose(admin(0), "add-member", "organisation", "lab-d", "caCertificate",
        "notes before\n" + canonical + "\nnotes after", "roles", "node, admin"));
    assertThat(chain.proposal(1).term("caCertificate")).contains(canonical);
    assertThat(chain.proposal(1).term("roles")).contains("admin,node");
  }

  @Test
  void aProposalWhoseTermsNoLongerHoldWhenItPassesGoesVoidAndChangesNothing() {
    CertificateAuthority joining = CertificateAuthority.create(GovernedChain.SUITE, "lab-e", GovernedChain.FROM,
        GovernedChain.TO, GovernedChain.RANDOM);
    String ca = Pem.certificate(joining.certificate());
    ok(chain.propose(admin(0), "add-member", "organisation", "lab-e", "caCertificate", ca, "roles", "admin"));
    ok(chain.propose(admin(1), "add-member", "organisation", "lab-e", "caCertificate", ca, "roles", "admin,node"));
    ok(chain.vote(admin(1), 1, "yes"));
    ok(chain.vote(admin(2), 1, "yes"));
    assertThat(chain.proposal(1).status()).isEqualTo(ProposalStatus.PASSED);
    ok(chain.vote(admin(0), 2, "yes"));
    ok(chain.vote(admin(2), 2, "yes"));
    Proposal second = chain.proposal(2);
    assertThat(second.status()).isEqualTo(ProposalStatus.VOID);
    assertThat(second.note()).contains("lab-e is already a member");
    assertThat(chain.consortium().organisation("lab-e").orElseThrow().rolesText()).isEqualTo("admin");
  }

  @Test
  void anUpgradeIsRecordedAtItsHeightWithItsProtocolVersion() {
    GovernedChain chain = new GovernedChain(4, 4, RULES, 1);
    java.util.function.IntFunction<GovernedChain.Member> admin = i -> chain.admins.get(i);
    long at = chain.height + 100;
    ok(chain.propose(admin.apply(0), "upgrade", "protocolVersion", "2", "height", Long.toString(at)));
    ok(chain.vote(admin.apply(1), 1, "yes"));
    ok(chain.vote(admin.apply(2), 1, "yes"));
    Proposal p = chain.proposal(1);
    assertThat(p.status()).isEqualTo(ProposalStatus.PASSED);
    assertThat(p.effectiveAt()).isEqualTo(at);
    assertThat(p.describe(chain.height)).containsEntry("terms.protocolVersion", "2");
    // What every node reads to stop an old release at the height (ProtocolUpgrades).
    assertThat(ProtocolUpgrades.passed(chain.state)).containsExactly(new ProtocolUpgrades.Upgrade(1, 2, at));
    assertThat(ProtocolUpgrades.versionAt(1, chain.state, at - 1)).isEqualTo(1);
    assertThat(ProtocolUpgrades.versionAt(1, chain.state, at)).isEqualTo(2);
    assertThat(ProtocolUpgrades.firstBeyond(chain.state, 1)).contains(new ProtocolUpgrades.Upgrade(1, 2, at));
    assertThat(ProtocolUpgrades.firstBeyond(chain.state, 2)).isEmpty();
    // Once it binds, an upgrade to the version in force changes nothing; on a chain founded at 1 it is
    // still accepted, as the earlier release voting beside this one accepts it (a chain founded at 2
    // refuses it: the test below).
    chain.height = at - 1; // the next transaction's block is the upgrade's height
    ok(chain.propose(admin.apply(0), "upgrade", "protocolVersion", "2", "height", Long.toString(at + 100)));
    assertThat(ProtocolUpgrades.versionAt(1, chain.state, at + 100)).isEqualTo(2);
  }

  @Test
  void aChainItsGenesisStartsAtVersionTwoRunsItWithoutAVoteAndRefusesAnUpgradeToIt() {
    GovernedChain atTwo = new GovernedChain(4, 4, RULES, 2);
    java.util.function.IntFunction<GovernedChain.Member> admin = i -> atTwo.admins.get(i);
    assertThat(ProtocolUpgrades.versionAt(atTwo.genesis.protocolVersion(), atTwo.state, 1)).isEqualTo(2);
    long at = atTwo.height + 100;
    for (String version : List.of("1", "2")) {
      assertRefused(atTwo.propose(admin.apply(0), "upgrade", "protocolVersion", version, "height", Long.toString(at)),
          "invalid_argument", "protocolVersion " + version + " is not an upgrade: the chain runs protocol version 2");
      assertThat(atTwo.proposal(1)).as("no proposal is recorded").isNull();
    }
    assertThat(ProtocolUpgrades.passed(atTwo.state)).isEmpty();
    // A later version is an upgrade as ever: from its height the chain runs it.
    ok(atTwo.propose(admin.apply(0), "upgrade", "protocolVersion", "3", "height", Long.toString(at)));
    ok(atTwo.vote(admin.apply(1), 1, "yes"));
    ok(atTwo.vote(admin.apply(2), 1, "yes"));
    assertThat(ProtocolUpgrades.versionAt(2, atTwo.state, at - 1)).isEqualTo(2);
    assertThat(ProtocolUpgrades.versionAt(2, atTwo.state, at)).isEqualTo(3);
  }

  private static void assertRefused(TxOutcome o, String code, String text) {
    assertThat(o.success()).isFalse();
    assertThat(o.code()).as(o.message()).isEqualTo(code);
    assertThat(o.message()).contains(text);
  }
}
