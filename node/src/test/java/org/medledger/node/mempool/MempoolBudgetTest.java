package org.medledger.node.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/**
 * Issue 20 finding 9: the pool capped only its count, with no sender quota, and once full it
 * refused audit transactions too, so every health read answered 503.
 */
class MempoolBudgetTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEY = SUITE.signatures().generateKeyPair(new SecureRandom());
  long nonce;

  PendingTransaction tx(String sender, String contract, int argBytes) {
    Hash id = Hash.of(SUITE.hash().hash(sender.getBytes()));
    Transaction t = new Transaction.Payload("intl", "c", id, ++nonce, 0, contract, "m", Args.of("x", "a".repeat(argBytes)))
        .sign(SUITE.signatures().signer(KEY));
    return new PendingTransaction(t, t.id(SUITE.hash()), System.nanoTime());
  }

  @Test
  void oneSenderGetsItsShareAndAccessEventsKeepTheirRoom() {
    Mempool pool = new Mempool(20, Mempool.DEFAULT_MAX_BYTES);
    for (int i = 0; i < 5; i++) {
      assertThat(pool.add(tx("flooder", "notary", 10))).isEqualTo(Mempool.AddResult.ADDED);
    }
    assertThat(pool.add(tx("flooder", "notary", 10))).as("a quarter of the pool").isEqualTo(Mempool.AddResult.SENDER_QUOTA);
    for (int s = 0; s < 13; s++) {
      assertThat(pool.add(tx("member-" + s, "notary", 10))).isEqualTo(Mempool.AddResult.ADDED);
    }
    assertThat(pool.size()).isEqualTo(18);
    assertThat(pool.add(tx("late", "notary", 10))).as("the last tenth is the audit's").isEqualTo(Mempool.AddResult.FULL);
    assertThat(pool.add(tx("node-a", "audit", 10))).isEqualTo(Mempool.AddResult.ADDED);
    assertThat(pool.add(tx("node-b", "audit", 10))).isEqualTo(Mempool.AddResult.ADDED);
    assertThat(pool.add(tx("node-c", "audit", 10))).isEqualTo(Mempool.AddResult.FULL);
    // A block takes the flooder's transactions: its quota frees up.
    pool.removeAll(pool.peek(5).stream().map(PendingTransaction::id).toList());
    assertThat(pool.add(tx("flooder", "notary", 10))).isEqualTo(Mempool.AddResult.ADDED);
  }

  @Test
  void bytesAreBudgetedAsWellAsCount() {
    Mempool pool = new Mempool(1_000, 40_000);
    int added = 0;
    for (int s = 0; s < 20; s++) {
      if (pool.add(tx("member-" + s, "notary", 4_000)) == Mempool.AddResult.ADDED) {
        added++;
      }
    }
    assertThat(pool.bytes()).isLessThanOrEqualTo(36_000);
    assertThat(added).isLessThan(10);
    assertThat(pool.add(tx("node", "audit", 1_000))).isEqualTo(Mempool.AddResult.ADDED);
    // One sender: at most a quarter of the bytes.
    Mempool fresh = new Mempool(1_000, 40_000);
    assertThat(fresh.add(tx("big", "notary", 6_000))).isEqualTo(Mempool.AddResult.ADDED);
    assertThat(fresh.add(tx("big", "notary", 6_000))).isEqualTo(Mempool.AddResult.SENDER_QUOTA);
  }
}
