package org.medledger.node.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.medledger.crypto.Hash;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.admission.Rejection;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;

/**
 * How every route that submits a transaction answers: the same JSON whether a client submitted
 * it signed ({@code POST /v1/transactions}) or a node service signed it (an application's route).
 */
public final class SubmissionReplies {
  private static final long COMMIT_WAIT_SECONDS = 30;
  private final Ledger ledger;
  private final CommitWaiters waiters;

  public SubmissionReplies(Ledger ledger, CommitWaiters waiters) {
    this.ledger = ledger;
    this.waiters = waiters;
  }

  /**
   * Answers a submission: a refusal with its status and code; else 202 pending, or with {@code
   * wait} the committed outcome (202 pending if it takes longer than 30 s). {@code known}: the
   * commit already awaited (a service that submitted it), or null.
   */
  public void respond(Context ctx, AdmissionResult r, CompletableFuture<CommitWaiters.Committed> known, boolean wait) {
    if (r instanceof AdmissionResult.Refused refused) {
      Rejection rej = refused.rejection();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", rej.code().wireName());
      body.put("message", rej.message());
      ctx.status(rej.code().httpStatus()).json(body);
      return;
    }
    Hash id = ((AdmissionResult.Accepted) r).txId();
    if (!wait) {
      ctx.status(202).json(Map.of("txId", id.hex(), "status", "pending"));
      return;
    }
    CompletableFuture<CommitWaiters.Committed> f = known != null ? known : waiters.await(id);
    if (ledger.transaction(id).isPresent()) {
      // Committed between admission and registering the waiter.
      waiters.forget(id);
      ctx.json(committedView(id, ledger.transaction(id).get().height(), ledger.transaction(id).get().outcome()));
      return;
    }
    ctx.future(() -> f.orTimeout(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS).handle((c, err) -> {
      if (err != null) {
        waiters.forget(id);
        ctx.status(202).json(Map.of("txId", id.hex(), "status", "pending"));
      } else {
        ctx.json(committedView(id, c.height(), c.outcome()));
      }
      return null;
    }));
  }

  private static Map<String, Object> committedView(Hash id, long height, org.medledger.core.runtime.TxOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("txId", id.hex());
    m.put("status", "committed");
    m.put("height", height);
    m.put("outcome", Views.outcome(o));
    return m;
  }

}
