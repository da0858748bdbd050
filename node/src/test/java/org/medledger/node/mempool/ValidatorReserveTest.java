package org.medledger.node.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.notary.contract.NotaryContract;
import org.medledger.core.evidence.EvidenceContract;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.Contract;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.node.TestNetwork;
import org.medledger.node.application.Application;
import org.medledger.node.application.Applications;
import org.medledger.node.application.ChainEnvironment;
import org.medledger.node.governance.ScheduledSetChange;

/**
 * The mempool's reserve names no application: the platform's evidence is on it, and an
 * application puts its own contracts there by declaring them; only a validator's node uses it.
 */
class ValidatorReserveTest {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom());
  private static final Hash VALIDATOR = Hash.of(SUITE.hash().hash(new byte[] {3}));
  private static final Hash MEMBER = Hash.of(SUITE.hash().hash(new byte[] {4}));

  @TempDir
  Path dir;

  private static Transaction tx(Hash sender, String contract) {
    return new Transaction.Payload(SUITE.id(), "test-chain", sender, 1, 1_000L, contract, "log", Args.of())
        .sign(SUITE.signatures().signer(KEYS));
  }

  /** The notary's real contract, declared (or not) for the reserve as an application would. */
  private record Declaring(Set<String> reserved) implements Application {
    @Override
    public String name() {
      return NotaryContract.NAME;
    }

    @Override
    public int version() {
      return 1;
    }

    @Override
    public List<Contract> contracts(ChainEnvironment chain) {
      return List.of(new NotaryContract());
    }

    @Override
    public Set<String> validatorReservedContracts() {
      return reserved;
    }
  }

  @Test
  void admitsTheDeclaredContractsAndEvidenceFromAValidatorOnly() {
    ValidatorReserve reserve = new ValidatorReserve(Set.of(VALIDATOR), Set.of("audit"));
    assertThat(reserve.contracts()).containsExactly("audit", EvidenceContract.NAME);
    assertThat(reserve.test(tx(VALIDATOR, "audit"))).isTrue();
    assertThat(reserve.test(tx(VALIDATOR, EvidenceContract.NAME))).isTrue();
    assertThat(reserve.test(tx(MEMBER, "audit"))).as("a member signing the contract itself").isFalse();
    assertThat(reserve.test(tx(VALIDATOR, "notary"))).as("a contract no application declared").isFalse();
  }

  @Test
  void anApplicationDeclaresOnlyItsOwnContracts() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    Membership membership = new Membership(net.genesis);
    assertThat(Applications.of(List.of(new Declaring(Set.of()))).validatorReservedContracts(membership)).isEmpty();
    assertThat(Applications.of(List.of(new Declaring(Set.of(NotaryContract.NAME)))).validatorReservedContracts(membership))
        .containsExactly(NotaryContract.NAME);
    assertThatThrownBy(() -> Applications.of(List.of(new Declaring(Set.of("audit")))).validatorReservedContracts(membership))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("application 'notary' declares contract 'audit'").hasMessageContaining("runs no contract of that name");
  }

  @Test
  void theNodesReserveFollowsTheValidatorSetInForceForTheNextBlock() {
    ScheduledSetChange chain = new ScheduledSetChange();
    long[] next = {ScheduledSetChange.CHANGE};
    ValidatorReserve reserve = ValidatorReserve.following(chain.schedule(), () -> next[0], Set.of());
    Hash removed = chain.nodeIds.get(ScheduledSetChange.REMOVED);
    Hash joiner = chain.nodeIds.get(ScheduledSetChange.JOINER);
    // Before any change: the genesis's four; the fifth organisation's node is no validator.
    assertThat(reserve.test(tx(chain.nodeIds.get(0), EvidenceContract.NAME))).isTrue();
    assertThat(reserve.test(tx(removed, EvidenceContract.NAME))).isTrue();
    assertThat(reserve.test(tx(joiner, EvidenceContract.NAME))).as("a node not (yet) voted in").isFalse();

    chain.recordChange();
    next[0] = ScheduledSetChange.CHANGE - 1;
    assertThat(reserve.test(tx(removed, EvidenceContract.NAME))).as("the block before the change's height").isTrue();
    assertThat(reserve.test(tx(joiner, EvidenceContract.NAME))).as("scheduled, not yet in force").isFalse();
    next[0] = ScheduledSetChange.CHANGE;
    assertThat(reserve.test(tx(joiner, EvidenceContract.NAME))).as("the voted-in validator").isTrue();
    assertThat(reserve.test(tx(removed, EvidenceContract.NAME))).as("the validator voted out, trying its old room")
        .isFalse();
    assertThat(reserve.test(tx(chain.nodeIds.get(0), EvidenceContract.NAME))).isTrue();
    assertThat(reserve.test(tx(MEMBER, EvidenceContract.NAME))).isFalse();
    assertThat(reserve.test(tx(joiner, "notary"))).as("a contract no application declared").isFalse();
  }
}
