package org.medledger.apps.records.node.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.medledger.crypto.Hash;
import org.medledger.apps.records.node.HealthService;
import org.medledger.node.api.ApiError;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;

/**
 * Nothing is served before its access event is committed: in a block a quorum of validators
 * signed and this node wrote to disk, so no crash of the serving node (nor its operator pulling
 * the plug) can serve a read whose audit then never happened. Admission to the local mempool is
 * not enough: a mempool does not survive a restart. The wait is bounded; past it the read answers
 * 503 and the event stays on its way to the ledger.
 */
public final class AuditGate {
  /** The batcher admits within tens of milliseconds; a full mempool refuses at once. */
  private static final long ADMIT_WAIT_MILLIS = 5_000;
  /** A few consensus rounds (1 s round-0 timeout, +0.5 s each): a network that cannot commit by then is in trouble. */
  public static final long COMMIT_WAIT_MILLIS = 10_000;

  private final Ledger ledger;
  private final CommitWaiters waiters;
  private final long commitWaitMillis;

  public AuditGate(Ledger ledger, CommitWaiters waiters, long commitWaitMillis) {
    this.ledger = ledger;
    this.waiters = waiters;
    this.commitWaitMillis = commitWaitMillis;
  }

  /**
   * The committed audit transaction's id ("" when the read logged nothing: an unknown record);
   * an {@link ApiError} 503 when the event was not admitted, failed, or was not committed in time.
   */
  public String awaitCommitted(HealthService.Read read) {
    if (read.audit().isEmpty()) {
      return "";
    }
    Hash id;
    try {
      id = read.audit().get().get(ADMIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ApiError(503, "audit_unavailable", "the access could not be logged, so it is not served: "
          + (e.getCause() == null ? e.toString() : e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "audit_unavailable", "interrupted while logging the access");
    }
    // Many reads share one audit transaction: register before looking, so a commit in between is seen either way.
    CompletableFuture<CommitWaiters.Committed> committed = waiters.await(id);
    var already = ledger.transaction(id);
    if (already.isPresent()) {
      committed.complete(new CommitWaiters.Committed(already.get().height(), already.get().outcome()));
      waiters.forget(id);
    }
    CommitWaiters.Committed c;
    try {
      c = committed.get(commitWaitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ApiError(503, "audit_pending", "the access event (audit transaction " + id + ") was not committed within "
          + commitWaitMillis + " ms, so the record is not served yet; the event stays queued: try again");
    } catch (ExecutionException e) {
      throw new ApiError(503, "audit_unavailable", "the access could not be logged, so it is not served: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "audit_unavailable", "interrupted while waiting for the access event to commit");
    }
    if (!c.outcome().success()) {
      // The contract refused the event (e.g. its time drifted from the block's): it is not on the ledger.
      throw new ApiError(503, "audit_unavailable", "the access event was refused by the audit contract ("
          + c.outcome().code() + ": " + c.outcome().message() + "), so it is not served");
    }
    return id.hex();
  }
}
