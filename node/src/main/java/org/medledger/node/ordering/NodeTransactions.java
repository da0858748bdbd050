package org.medledger.node.ordering;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.ledger.Ledger;

/**
 * Transactions a node signs itself (for its organisation: vault entries, key sharing, custodial
 * patients), submitted through the same admission as anyone's, awaited until committed.
 */
public final class NodeTransactions {
  private final Ledger ledger;
  private final Admission admission;
  private final CommitWaiters waiters;
  private final Signer signer;
  private final Hash certificateId;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public NodeTransactions(Ledger ledger, Admission admission, CommitWaiters waiters, Signer signer, Hash certificateId, Clock clock) {
    this.ledger = ledger;
    this.admission = admission;
    this.waiters = waiters;
    this.signer = signer;
    this.certificateId = certificateId;
    this.clock = clock;
  }

  /** Raised when a node transaction is refused by admission or not committed in time. */
  public static final class NotCommitted extends RuntimeException {
    public NotCommitted(String message) {
      super(message);
    }
  }

  public Transaction sign(String contract, String method, String... args) {
    return new Transaction.Payload(ledger.genesis().suite(), ledger.genesis().chainId(), certificateId, random.nextLong(),
        clock.millis(), contract, method, Args.of(args)).sign(signer);
  }

  /** Submits; the future completes when the transaction is committed (successfully or not). */
  public CompletableFuture<CommitWaiters.Committed> submit(Transaction tx) {
    Hash id = tx.id(ledger.hashFunction());
    CompletableFuture<CommitWaiters.Committed> committed = waiters.await(id);
    AdmissionResult r = admission.submit(tx);
    if (r instanceof AdmissionResult.Refused refused) {
      waiters.forget(id);
      throw new NotCommitted("the ledger refused the transaction: " + refused.rejection());
    }
    return committed;
  }

  public static CommitWaiters.Committed await(CompletableFuture<CommitWaiters.Committed> committed) {
    try {
      return committed.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotCommitted("interrupted while waiting for the commit");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new NotCommitted("the transaction was not committed in time");
    }
  }

  public CommitWaiters.Committed submitAndWait(Transaction tx) {
    return await(submit(tx));
  }
}
