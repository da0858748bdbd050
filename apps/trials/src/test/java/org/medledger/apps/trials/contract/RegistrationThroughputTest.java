package org.medledger.apps.trials.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.trials.contract.TrialDocuments.canonical;
import static org.medledger.apps.trials.contract.TrialDocuments.registration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.HashFunction;

/**
 * Issue 17's "registration documents canonicalised and hashed per second", measured two ways and
 * printed for README's table: the contract's own check (parse, re-canonicalise, compare, hash)
 * alone, and whole {@code trials.register} transactions through the block executor. Lean (a few
 * seconds); the floors are far below what a loaded 2-core machine does, so they catch a
 * regression by an order of magnitude, not noise.
 */
class RegistrationThroughputTest {
  @Test
  void registrationDocumentsAreCanonicalisedAndHashedQuickly() {
    List<String> documents = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      documents.add(canonical(registration("MLT-" + (100_000 + i), "pharma-a")));
    }
    HashFunction hash = TrialsLedger.SUITE.hash();
    for (String d : documents.subList(0, 1_000)) {
      check(hash, d);
    }
    long t0 = System.nanoTime();
    for (String d : documents) {
      check(hash, d);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double perSecond = documents.size() / seconds;
    System.out.printf("trials: %d registration documents (%d bytes each) canonicalised, checked and hashed in %.0f ms: %.0f/s%n",
        documents.size(), documents.get(0).getBytes(StandardCharsets.UTF_8).length, seconds * 1000, perSecond);
    assertThat(perSecond).isGreaterThan(1_000);

    TrialsLedger ledger = new TrialsLedger();
    Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");
    int registered = 0;
    long executing = 0;
    List<String> refused = new ArrayList<>();
    for (int b = 0; b < 20; b++) {
      // Signed just before its block (a transaction's time must be near its block's), outside the timing.
      List<Transaction> block = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        block.add(ledger.tx(sponsor, "register", "document", documents.get(b * 100 + i)));
      }
      long t1 = System.nanoTime();
      List<TxOutcome> outcomes = ledger.block(block);
      executing += System.nanoTime() - t1;
      for (TxOutcome o : outcomes) {
        registered += o.success() ? 1 : 0;
        if (!o.success() && refused.size() < 3) {
          refused.add(o.code() + ": " + o.message());
        }
      }
    }
    double txSeconds = executing / 1e9;
    System.out.printf("trials: %d trials.register transactions executed and committed in %.0f ms: %.0f/s%n", registered,
        txSeconds * 1000, registered / txSeconds);
    assertThat(registered).as("refused: %s", refused).isEqualTo(2_000);
  }

  private static void check(HashFunction hash, String document) {
    try {
      TrialDocument.parse(document);
      hash.hash(document.getBytes(StandardCharsets.UTF_8));
    } catch (org.medledger.core.runtime.ContractException e) {
      throw new AssertionError(e);
    }
  }
}
