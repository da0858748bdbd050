package org.medledger.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/**
 * Issue 22, finding 2: a transaction that claims weight 1 but writes without bound must not stall
 * every validator. The executor meters what each transaction touches, fails it past the limit for
 * one transaction, refuses a block past the limit for a block, and a proposer takes only what fits.
 */
class WorkMeteringTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {9}));
  static final Hash ALICE = Hash.of(SUITE.hash().hash("alice".getBytes()));

  /** Writes {@code n} keys however small its arguments: its declared weight (1) says nothing. */
  static final class Spray implements Contract {
    @Override
    public String name() {
      return "spray";
    }

    @Override
    public void execute(ContractContext ctx) throws ContractException {
      int n = Integer.parseInt(ctx.requireArg("n"));
      for (int i = 0; i < n; i++) {
        ctx.put(ctx.transactionId().hex() + "/" + i, new byte[] {1});
      }
    }

    @Override
    public SortedMap<String, String> query(StateReader state, String method, Args args) throws ContractException {
      throw new ContractException("unknown_method", "none");
    }
  }

  /** Swallows every exception, as a careless contract might, and writes on. */
  static final class Swallower implements Contract {
    @Override
    public String name() {
      return "swallow";
    }

    @Override
    public void execute(ContractContext ctx) {
      for (int i = 0; i < WorkLimits.MAX_TRANSACTION_WORK + 10; i++) {
        try {
          ctx.put("k/" + i, new byte[] {1});
        } catch (RuntimeException ignored) {
          // keeps going
        }
      }
    }

    @Override
    public SortedMap<String, String> query(StateReader state, String method, Args args) throws ContractException {
      throw new ContractException("unknown_method", "none");
    }
  }

  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(new Spray()).register(new Swallower()),
      SUITE.hash(), (tx, s) -> new Caller(ALICE, "hospital-a", "clinician", "alice"), ChainParameters.DEFAULTS);
  final InMemoryState state = new InMemoryState();
  long nonce;

  Transaction spray(long keys) {
    return new Transaction.Payload("intl", "test", ALICE, ++nonce, 5_000, "spray", "write", Args.of("n", Long.toString(keys)))
        .sign(SUITE.signatures().signer(KEYS));
  }

  @Test
  void aTransactionTouchingMoreThanTheLimitFailsAndWritesNothing() {
    Transaction heavy = spray(WorkLimits.MAX_TRANSACTION_WORK + 1);
    assertThat(executor.weight(heavy)).as("what its arguments claim").isEqualTo(1);
    ExecutionResult r = executor.execute(state, 1, 5_000, List.of(heavy, spray(3)));
    assertThat(r.outcomes().get(0).code()).isEqualTo("too_heavy");
    assertThat(r.outcomes().get(0).message()).contains(Long.toString(WorkLimits.MAX_TRANSACTION_WORK));
    assertThat(r.outcomes().get(1).success()).isTrue();
    // Two nonce keys and the light transaction's three writes: nothing of the heavy one.
    assertThat(r.writes().size()).isEqualTo(2 + 3);
  }

  @Test
  void aContractThatSwallowsTheSignalStillFails() {
    Transaction tx = new Transaction.Payload("intl", "test", ALICE, ++nonce, 5_000, "swallow", "x", Args.EMPTY)
        .sign(SUITE.signatures().signer(KEYS));
    ExecutionResult r = executor.execute(state, 1, 5_000, List.of(tx));
    assertThat(r.outcomes().get(0).code()).isEqualTo("too_heavy");
    assertThat(r.writes().size()).isEqualTo(1);
  }

  @Test
  void aBlockWhoseTransactionsTouchMoreThanTheBlockLimitIsRefused() {
    List<Transaction> txs = new ArrayList<>();
    long each = WorkLimits.MAX_TRANSACTION_WORK - 10;
    for (long done = 0; done <= WorkLimits.MAX_BLOCK_WORK; done += each) {
      txs.add(spray(each));
    }
    assertThatThrownBy(() -> executor.execute(state, 1, 5_000, txs)).isInstanceOf(BlockTooHeavyException.class)
        .hasMessageContaining(Long.toString(WorkLimits.MAX_BLOCK_WORK));
  }

  @Test
  void aProposerTakesTheLongestPrefixThatFitsItsBudgetAndValidatorsAgree() {
    List<Transaction> txs = List.of(spray(40_000), spray(40_000), spray(40_000), spray(5));
    ExecutionResult built = executor.executeWithin(state, 1, 5_000, txs, 100_000);
    assertThat(built.outcomes()).hasSize(2).allMatch(TxOutcome::success);
    ExecutionResult checked = executor.execute(state, 1, 5_000, txs.subList(0, 2));
    assertThat(checked.outcomes()).isEqualTo(built.outcomes());
    List<byte[]> a = new ArrayList<>();
    List<byte[]> b = new ArrayList<>();
    built.writes().forEach((k, v) -> a.add(k));
    checked.writes().forEach((k, v) -> b.add(k));
    assertThat(a).hasSameSizeAs(b);
    assertThat(executor.executeWithin(state, 1, 5_000, txs, 1).outcomes()).as("at least one").hasSize(1);
  }
}
