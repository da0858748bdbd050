package org.medledger.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.Hash;
import org.medledger.crypto.smt.NodeKey;
import org.medledger.crypto.smt.SparseMerkleTree;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeNode;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;

/**
 * The offline walk over validator-set transitions, with real keys, real seals and real state
 * proofs: four genesis validators (org-0 to org-3), org-4's joins at height 10 (proven under block
 * 9, sealed by the genesis's four), org-0's leaves at height 20 (proven under block 19, sealed by
 * the five). Each way of cheating is refused with a reason naming the transition and the check.
 */
class ValidatorSetWalkTest {
  private static final long JOINS = 10;
  private static final long LEAVES = 20;

  private final GovernedChain chain = new GovernedChain(5, 4,
      new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 20, 2));
  private final Genesis genesis = chain.genesis;
  private final SparseMerkleTree tree = new SparseMerkleTree(GovernedChain.SUITE.hash());
  private final List<ValidatorEntry> five = entries(0, 1, 2, 3, 4);
  private final List<ValidatorEntry> withoutZero = entries(1, 2, 3, 4);
  private final ValidatorTransitionProof joins = transition(JOINS, five, header(JOINS - 1, 0, 1, 2));
  private final ValidatorTransitionProof leaves = transition(LEAVES, withoutZero, header(LEAVES - 1, 1, 2, 3, 4));

  @Test
  void aHeaderSealedByTheSetInForceAtItsHeightHoldsAfterTheWalk() {
    ValidatorSetWalk walk = walk(List.of(joins, leaves));
    assertThat(walk.sets()).extracting(ValidatorHistory.Transition::effectiveAt).containsExactly(1L, JOINS, LEAVES);
    assertThat(problem(walk, header(25, 1, 2, 4))).isEmpty();
    assertThat(problem(walk, header(15, 1, 2, 3, 4))).isEmpty();
    assertThat(problem(walk, header(5, 0, 1, 3))).isEmpty();
    // The genesis alone knows nothing of org-4's validator: the same head is refused without the walk.
    assertThat(problem(walk(List.of()), header(25, 1, 2, 4))).get().asString()
        .contains("which is not a genesis validator");
  }

  @Test
  void aReceiptSealedByAValidatorRemovedBeforeItsHeightIsRefused() {
    Hash removed = chain.nodes.get(0).id();
    assertThat(problem(walk(List.of(joins, leaves)), header(25, 0, 1, 2, 3))).get().asString()
        .isEqualTo("seal from " + removed + ", which is not a validator at height 25 (the set in force from height 20)");
    // Before the removal the same four are a quorum of the five.
    assertThat(problem(walk(List.of(joins, leaves)), header(LEAVES - 1, 0, 1, 2, 3))).isEmpty();
  }

  @Test
  void aChangeCertifiedByValidatorsNotInForceIsRefused() {
    // The joiner seals its own admission: it is not in force before height 10.
    ValidatorTransitionProof selfCertified = transition(JOINS, five, header(JOINS - 1, 1, 2, 4));
    assertThatThrownBy(() -> walk(List.of(selfCertified, leaves))).isInstanceOf(InvalidTransitionException.class)
        .hasMessage("validator-set transition 1 (to height 10): block 9 is not sealed by the set in force then: seal from "
            + chain.nodes.get(4).id() + ", which is not a genesis validator");
    // Two seals of the genesis's four are not a quorum.
    ValidatorTransitionProof tooFew = transition(JOINS, five, header(JOINS - 1, 0, 1));
    assertThatThrownBy(() -> walk(List.of(tooFew))).hasMessageContaining("has 2 seals, needs 3 of 4 validators");
  }

  @Test
  void aSetThatIsNotWhatTheSealedStateHoldsIsRefused() {
    // The sealed block's state holds the five; the proof claims a set with org-0 swapped for org-4 alone.
    StateProof honest = joins.proof();
    StateProof swapped = new StateProof(honest.key(), ValidatorList.encode(entries(1, 2, 3, 4)), honest.siblings(),
        honest.otherLeaf());
    assertThatThrownBy(() -> walk(List.of(new ValidatorTransitionProof(JOINS, joins.header(), swapped))))
        .hasMessageStartingWith("validator-set transition 1 (to height 10): the state proof does not lead to block 9's state root");
    // A proof of another key (the set of another height) is refused by its key.
    ValidatorTransitionProof otherKey = new ValidatorTransitionProof(JOINS + 1, header(JOINS, 0, 1, 2), honest);
    assertThatThrownBy(() -> walk(List.of(otherKey)))
        .hasMessage("validator-set transition 1 (to height 11) proves another state key than governance/consortium/validator-set/000000000011,"
            + " the set recorded for its height");
    // Proven under a block other than the one before the height.
    ValidatorTransitionProof early = transition(JOINS, five, header(JOINS - 2, 0, 1, 2));
    assertThatThrownBy(() -> walk(List.of(early)))
        .hasMessage("validator-set transition 1 (to height 10) is proven under block 8; it must be block 9, whose state fixes the set of block 10");
  }

  @Test
  void aSkippedOrReorderedTransitionIsRefused() {
    // Without the joining, block 19's seals (with org-4's) are checked against the genesis's set.
    assertThatThrownBy(() -> walk(List.of(leaves)))
        .hasMessage("validator-set transition 1 (to height 20): block 19 is not sealed by the set in force then: seal from "
            + chain.nodes.get(4).id() + ", which is not a genesis validator");
    assertThatThrownBy(() -> walk(List.of(leaves, joins))).hasMessageContaining("transition 1 (to height 20)");
    assertThatThrownBy(() -> walk(List.of(joins, joins)))
        .hasMessage("validator-set transition 2 (to height 10) does not come after the set in force from height 10:"
            + " transitions are listed once each, in height order");
  }

  @Test
  void aChainWithoutGovernanceTakesNoTransition() {
    Genesis fixed = new Genesis(genesis.chainId(), genesis.suite(), genesis.timestamp(), genesis.organisations(),
        genesis.validators(), genesis.revokedCertificates(), genesis.parameters(), genesis.applications(),
        genesis.registeredCertificates(), Optional.empty());
    assertThatThrownBy(() -> ValidatorSetWalk.through(fixed, new CommitCertificateVerifier(fixed), List.of(joins)))
        .hasMessageStartingWith("the genesis has no 'governance' field");
  }

  private ValidatorSetWalk walk(List<ValidatorTransitionProof> transitions) {
    return ValidatorSetWalk.through(genesis, new CommitCertificateVerifier(genesis), transitions);
  }

  private Optional<String> problem(ValidatorSetWalk walk, SignedHeader sh) {
    return walk.problem(sh.header(), sh.header().hash(GovernedChain.SUITE.hash()), sh.certificate());
  }

  private List<ValidatorEntry> entries(int... orgs) {
    List<ValidatorEntry> out = new ArrayList<>();
    for (int i : orgs) {
      out.add(GovernedChain.validatorEntry(chain.nodes.get(i), "org-" + i + "-node"));
    }
    return out;
  }

  /**
   * The set recorded for {@code effectiveAt} proven in a real state tree whose root the header
   * carries (the header's state root is replaced by the tree's; its seals are made again).
   */
  private ValidatorTransitionProof transition(long effectiveAt, List<ValidatorEntry> set, SignedHeader sealed) {
    Map<NodeKey, TreeNode> nodes = new TreeMap<>();
    Map<byte[], byte[]> writes = new LinkedHashMap<>();
    writes.put(org.medledger.core.runtime.StateKeys.of("membership", "cert/unrelated"), new byte[] {1});
    writes.put(ValidatorHistory.stateKey(effectiveAt), ValidatorList.encode(set));
    TreeUpdate u = tree.update(k -> Optional.ofNullable(nodes.get(k)), TreeRoot.EMPTY, 1, writes);
    u.newNodes().forEach(n -> nodes.put(n.key(), n.node()));
    StateProof proof = tree.prove(k -> Optional.ofNullable(nodes.get(k)), u.root(), ValidatorHistory.stateKey(effectiveAt));
    BlockHeader h = sealed.header();
    BlockHeader withRoot = new BlockHeader(h.chainId(), h.height(), h.previousHash(), h.txRoot(), h.txCount(),
        u.root().hash(), h.logRoot(), h.logSize(), h.timestamp(), h.proposer());
    return new ValidatorTransitionProof(effectiveAt, seal(withRoot, sealers(sealed)), proof);
  }

  private int[] sealers(SignedHeader sh) {
    List<Hash> ids = sh.certificate().seals().stream().map(CommitSeal::validator).toList();
    int[] out = new int[ids.size()];
    int n = 0;
    for (int i = 0; i < chain.nodes.size(); i++) {
      if (ids.contains(chain.nodes.get(i).id())) {
        out[n++] = i;
      }
    }
    return out;
  }

  private SignedHeader header(long height, int... sealers) {
    BlockHeader h = new BlockHeader(genesis.chainId(), height, Hash.ZERO, Hash.ZERO, 0, Hash.ZERO, Hash.ZERO, 0,
        GovernedChain.T0 + height, chain.nodes.get(sealers[0]).id());
    return seal(h, sealers);
  }

  private SignedHeader seal(BlockHeader h, int... sealers) {
    Hash blockHash = h.hash(GovernedChain.SUITE.hash());
    byte[] message = CommitCertificate.commitMessage(genesis.signingChainId(), h.height(), 0, blockHash);
    List<CommitSeal> seals = new ArrayList<>();
    for (int i : sealers) {
      seals.add(new CommitSeal(chain.nodes.get(i).id(), chain.nodes.get(i).signer().sign(message)));
    }
    return new SignedHeader(h, new CommitCertificate(0, seals));
  }
}
