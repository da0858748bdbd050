package org.medledger.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.apps.notary.contract.NotaryContract;
import org.medledger.core.state.SparseMerkleStateCommitment;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

class BlockExecutorTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {3}));
  static final Signer SIGNER = SUITE.signatures().signer(KEYS);
  static final Hash ALICE = Hash.of(SUITE.hash().hash("alice".getBytes()));
  static final Hash MALLORY = Hash.of(SUITE.hash().hash("mallory".getBytes()));
  static final String FP = "ab".repeat(32);

  final ContractRegistry contracts = new ContractRegistry().register(new NotaryContract());
  final CallerResolver callers = (tx, state) -> {
    if (tx.sender().equals(ALICE)) {
      return new Caller(ALICE, "hospital-a", "clinician", "alice");
    }
    throw new ContractException("unknown_sender", "certificate " + tx.sender() + " is not registered");
  };
  final BlockExecutor executor = new BlockExecutor(contracts, SUITE.hash(), callers, ChainParameters.DEFAULTS);
  final InMemoryState state = new InMemoryState();

  static Transaction tx(Hash sender, long nonce, long ts, String method, String... args) {
    return new Transaction.Payload("intl", "test", sender, nonce, ts, "notary", method, Args.of(args)).sign(SIGNER);
  }

  @Test
  void anchorsAFingerprintAndAnswersLookups() throws Exception {
    ExecutionResult r = executor.execute(state, 1, 5_000, List.of(tx(ALICE, 1, 5_000, "anchor", "hash", FP, "type", "lab-report")));
    assertThat(r.outcomes()).singleElement().satisfies(o -> {
      assertThat(o.success()).isTrue();
      assertThat(o.events()).singleElement().extracting(Event::type).isEqualTo("Anchored");
    });
    state.apply(r.writes());
    SortedMap<String, String> found = new NotaryContract().query(state, "lookup", Args.of("hash", FP));
    assertThat(found).containsEntry("owner", "hospital-a").containsEntry("type", "lab-report").containsEntry("height", "1");
  }

  @Test
  void secondAnchorOfTheSameFingerprintFailsAndChangesNothingButItsNonceAndOutcome() {
    ExecutionResult r = executor.execute(state, 1, 5_000, List.of(
        tx(ALICE, 1, 5_000, "anchor", "hash", FP, "type", "lab-report"),
        tx(ALICE, 2, 5_000, "anchor", "hash", FP, "type", "other")));
    assertThat(r.outcomes().get(1).success()).isFalse();
    assertThat(r.outcomes().get(1).code()).isEqualTo("already_anchored");
    state.apply(r.writes());
    assertThat(NotaryRecordOf(FP).get("type")).isEqualTo("lab-report");
  }

  @Test
  void replayedNonceIsRefusedEvenInALaterBlock() {
    state.apply(executor.execute(state, 1, 5_000, List.of(tx(ALICE, 7, 5_000, "anchor", "hash", FP, "type", "x"))).writes());
    ExecutionResult again = executor.execute(state, 2, 6_000, List.of(tx(ALICE, 7, 6_000, "anchor", "hash", "cd".repeat(32), "type", "x")));
    assertThat(again.outcomes().get(0).code()).isEqualTo("replayed_nonce");
    state.apply(again.writes());
    assertThat(state.get(StateKeys.of("notary", NotaryContract.key("cd".repeat(32), "hospital-a")))).isNull();
  }

  @Test
  void unknownSenderUnknownContractAndStaleTimestampFailWithReasons() {
    Transaction badContract = new Transaction.Payload("intl", "test", ALICE, 9, 5_000, "nope", "x", Args.EMPTY).sign(SIGNER);
    ExecutionResult r = executor.execute(state, 1, 5_000, List.of(
        tx(MALLORY, 1, 5_000, "anchor", "hash", FP, "type", "x"),
        badContract,
        tx(ALICE, 3, 5_000 + ChainParameters.DEFAULTS.timestampToleranceMillis() + 1, "anchor", "hash", FP, "type", "x")));
    assertThat(r.outcomes()).extracting(TxOutcome::code).containsExactly("unknown_sender", "unknown_contract", "stale_timestamp");
    state.apply(r.writes());
    assertThat(state.get(StateKeys.of("notary", NotaryContract.key(FP, "hospital-a")))).isNull();
  }

  @Test
  void invalidArgumentsAreRefusedWithTheArgumentNamed() {
    ExecutionResult r = executor.execute(state, 1, 5_000, List.of(
        tx(ALICE, 1, 5_000, "anchor", "hash", "not-hex", "type", "x"),
        tx(ALICE, 2, 5_000, "anchor", "hash", FP)));
    assertThat(r.outcomes().get(0).message()).contains("hash");
    assertThat(r.outcomes().get(1).message()).contains("'type'");
  }

  @Test
  void executionIsDeterministicAcrossRuns() {
    List<Transaction> txs = List.of(
        tx(ALICE, 1, 5_000, "anchor", "hash", FP, "type", "x"),
        tx(ALICE, 2, 5_000, "anchor", "hash", "cd".repeat(32), "type", "y"),
        tx(MALLORY, 3, 5_000, "anchor", "hash", "ef".repeat(32), "type", "z"));
    SparseMerkleStateCommitment commitment = new SparseMerkleStateCommitment(SUITE.hash());
    Hash a = commitment.next(k -> java.util.Optional.empty(), TreeRoot.EMPTY, 1, executor.execute(new InMemoryState(), 1, 5_000, txs).writes()).root().hash();
    Hash b = commitment.next(k -> java.util.Optional.empty(), TreeRoot.EMPTY, 1, executor.execute(new InMemoryState(), 1, 5_000, txs).writes()).root().hash();
    Hash other = commitment.next(k -> java.util.Optional.empty(), TreeRoot.EMPTY, 1,
        executor.execute(new InMemoryState(), 1, 5_000, txs.subList(0, 1)).writes()).root().hash();
    assertThat(a).isEqualTo(b).isNotEqualTo(other);
    List<String> entries = executor.execute(new InMemoryState(), 1, 5_000, txs).outcomes().stream()
        .map(o -> org.medledger.crypto.Hex.encode(o.logEntry())).toList();
    assertThat(executor.execute(new InMemoryState(), 1, 5_000, txs).outcomes().stream()
        .map(o -> org.medledger.crypto.Hex.encode(o.logEntry())).toList()).isEqualTo(entries);
  }

  @Test
  void theLedgersOwnRecordsStayOutOfTheStateTree() {
    // A refused transaction changes no contract state, so the state root stays the empty tree's,
    // though its record (id and outcome) is kept under its nonce for replay protection.
    ExecutionResult refused = executor.execute(new InMemoryState(), 1, 5_000,
        List.of(tx(MALLORY, 3, 5_000, "anchor", "hash", "ef".repeat(32), "type", "z")));
    assertThat(refused.outcomes().get(0).success()).isFalse();
    assertThat(refused.writes().get(SystemKeys.nonce(MALLORY, 3))).isEqualTo(refused.outcomes().get(0).logEntry());
    SparseMerkleStateCommitment commitment = new SparseMerkleStateCommitment(SUITE.hash());
    assertThat(commitment.next(k -> java.util.Optional.empty(), TreeRoot.EMPTY, 1, refused.writes()).root())
        .isEqualTo(TreeRoot.EMPTY);
    assertThatThrownBy(() -> commitment.prove(k -> java.util.Optional.empty(), TreeRoot.EMPTY, SystemKeys.nonce(MALLORY, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receipt");
  }

  @Test
  void aReplayedTransactionsOutcomeFollowsFromTheTransactionAndTheFirstUsersRecord() {
    Transaction first = tx(ALICE, 9, 5_000, "anchor", "hash", FP, "type", "x");
    Transaction replay = tx(ALICE, 9, 5_000, "anchor", "hash", "cd".repeat(32), "type", "y");
    ExecutionResult r = executor.execute(new InMemoryState(), 1, 5_000, List.of(first, replay));
    byte[] record = r.writes().get(SystemKeys.nonce(ALICE, 9));
    assertThat(r.outcomes().get(1).code()).isEqualTo(TxOutcome.REPLAYED_NONCE);
    assertThat(TxOutcome.fromRecord(first.id(SUITE.hash()), 9, record).logEntry()).isEqualTo(r.outcomes().get(0).logEntry());
    assertThat(TxOutcome.fromRecord(replay.id(SUITE.hash()), 9, record).logEntry()).isEqualTo(r.outcomes().get(1).logEntry());
    assertThat(TxOutcome.fromLogEntry(r.outcomes().get(1).logEntry())).isEqualTo(r.outcomes().get(1));
  }

  private SortedMap<String, String> NotaryRecordOf(String fp) {
    try {
      return new NotaryContract().query(state, "lookup", Args.of("hash", fp));
    } catch (ContractException e) {
      throw new AssertionError(e);
    }
  }
}
