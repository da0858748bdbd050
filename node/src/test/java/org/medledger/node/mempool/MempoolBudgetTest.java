package org.medledger.node.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/** Issue 20 finding 9: the mempool is bounded in bytes, per sender, with room kept for access events. */
class MempoolBudgetTest {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom());
  private static final Hash FLOODER = Hash.of(SUITE.hash().hash(new byte[] {1}));
  private static final Hash OTHER = Hash.of(SUITE.hash().hash(new byte[] {2}));
  private static final Hash VALIDATOR = Hash.of(SUITE.hash().hash(new byte[] {3}));
  private long nonce = 1;

  private PendingTransaction tx(Hash sender, String contract, int padding) {
    Transaction t = new Transaction.Payload(SUITE.id(), "test-chain", sender, nonce++, 1_000L, contract, "log",
        Args.of("pad", "x".repeat(padding))).sign(SUITE.signatures().signer(KEYS));
    return new PendingTransaction(t, t.id(SUITE.hash()), System.nanoTime());
  }

  private static Mempool pool(MempoolBudget budget) {
    // The reserve as a node builds it when the records application declares its audit contract.
    return new Mempool(budget, new ValidatorReserve(Set.of(VALIDATOR), Set.of(AuditContract.NAME)));
  }

  @Test
  void oneSenderHoldsOnlyItsShareAndOthersAreStillAdmitted() {
    Mempool pool = pool(new MempoolBudget(1_000, 100_000, 10_000, 10_000));
    int added = 0;
    Mempool.AddResult last;
    while ((last = pool.add(tx(FLOODER, "notary", 1_000))) == Mempool.AddResult.ADDED) {
      added++;
    }
    assertThat(last).isEqualTo(Mempool.AddResult.SENDER_QUOTA);
    assertThat(added).isBetween(5, 9);
    assertThat(pool.pendingBytes()).isLessThanOrEqualTo(10_000);
    assertThat(pool.add(tx(OTHER, "notary", 1_000))).isEqualTo(Mempool.AddResult.ADDED);
  }

  @Test
  void aFullPoolStillAdmitsValidatorsAccessEventsButNotMembersTransactions() {
    Mempool pool = pool(new MempoolBudget(1_000, 30_000, 1_000_000, 10_000));
    Mempool.AddResult last;
    while ((last = pool.add(tx(FLOODER, "notary", 1_000))) == Mempool.AddResult.ADDED) {
      // fill the general room
    }
    assertThat(last).isEqualTo(Mempool.AddResult.FULL);
    assertThat(pool.pendingBytes()).isLessThanOrEqualTo(20_000);
    // A member signing an audit transaction itself does not reach the reserve.
    assertThat(pool.add(tx(OTHER, AuditContract.NAME, 1_000))).isEqualTo(Mempool.AddResult.FULL);
    assertThat(pool.add(tx(VALIDATOR, AuditContract.NAME, 200))).isEqualTo(Mempool.AddResult.ADDED);
    while ((last = pool.add(tx(VALIDATOR, AuditContract.NAME, 1_000))) == Mempool.AddResult.ADDED) {
      // the reserve is bounded too
    }
    assertThat(last).isEqualTo(Mempool.AddResult.FULL);
    assertThat(pool.pendingBytes()).isLessThanOrEqualTo(30_000);
  }

  @Test
  void committedAndTakenTransactionsGiveTheirBytesBack() throws Exception {
    Mempool pool = pool(new MempoolBudget(1_000, 100_000, 5_000, 10_000));
    PendingTransaction a = tx(FLOODER, "notary", 2_000);
    PendingTransaction b = tx(FLOODER, "notary", 2_000);
    assertThat(pool.add(a)).isEqualTo(Mempool.AddResult.ADDED);
    assertThat(pool.add(b)).isEqualTo(Mempool.AddResult.ADDED);
    assertThat(pool.add(tx(FLOODER, "notary", 2_000))).isEqualTo(Mempool.AddResult.SENDER_QUOTA);
    pool.removeAll(List.of(a.id()));
    assertThat(pool.add(tx(FLOODER, "notary", 2_000))).isEqualTo(Mempool.AddResult.ADDED);
    pool.awaitBatch(10, 0, 1_000_000);
    assertThat(pool.pendingBytes()).isZero();
    assertThat(pool.add(tx(FLOODER, "notary", 2_000))).isEqualTo(Mempool.AddResult.ADDED);
  }
}
