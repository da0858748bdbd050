package org.medledger.apps.trials.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.trials.contract.TrialDocuments.canonical;
import static org.medledger.apps.trials.contract.TrialDocuments.registration;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;

/**
 * Many registrations at once: 5,000 canonical documents (java-json-canonicalization's text) all pass
 * the contract's own check, and 2,000 {@code trials.register} transactions in 20 blocks of 100 all
 * commit. How fast is {@code bench}'s {@code TrialRegistrationBenchmark} (JMH), not a timed test.
 */
class ManyRegistrationsTest {
  @Test
  void thousandsOfRegistrationDocumentsPassTheCheckAndCommitInFullBlocks() {
    List<String> documents = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      documents.add(canonical(registration("MLT-" + (100_000 + i), "pharma-a")));
    }
    for (String d : documents) {
      check(d);
    }

    TrialsLedger ledger = new TrialsLedger();
    Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");
    int registered = 0;
    List<String> refused = new ArrayList<>();
    for (int b = 0; b < 20; b++) {
      // Signed just before its block: a transaction's time must be near its block's.
      List<Transaction> block = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        block.add(ledger.tx(sponsor, "register", "document", documents.get(b * 100 + i)));
      }
      List<TxOutcome> outcomes = ledger.block(block);
      for (TxOutcome o : outcomes) {
        registered += o.success() ? 1 : 0;
        if (!o.success() && refused.size() < 3) {
          refused.add(o.code() + ": " + o.message());
        }
      }
    }
    assertThat(registered).as("refused: %s", refused).isEqualTo(2_000);
  }

  private static void check(String document) {
    try {
      TrialDocument.parse(document);
    } catch (org.medledger.core.runtime.ContractException e) {
      throw new AssertionError(e);
    }
  }
}
