package org.medledger.apps.records.node;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.ledger.Ledger;

/**
 * Commits the policy point's access events: collects them for a few milliseconds and submits
 * them as one {@code audit.log} transaction signed by this node, so the audit keeps up with reads
 * without one transaction per read. Each event's future completes with the audit transaction's
 * id once the network's admission accepted it, and fails when it did not: a read is served only
 * after its event is on its way into the ledger (fail closed).
 */
public final class AccessAuditor implements AccessAudit, AutoCloseable {
  static final long FLUSH_MILLIS = 20;
  private final Ledger ledger;
  private final Admission admission;
  private final Signer nodeSigner;
  private final Hash nodeCertificateId;
  private final Clock clock;
  private final SecureRandom nonces = new SecureRandom();
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "medledger-audit");
    t.setDaemon(true);
    return t;
  });
  private List<Pending> pending = new ArrayList<>();

  private record Pending(AccessEvent event, CompletableFuture<Hash> admitted) {}

  public AccessAuditor(Ledger ledger, Admission admission, Signer nodeSigner, Hash nodeCertificateId, Clock clock) {
    this.ledger = ledger;
    this.admission = admission;
    this.nodeSigner = nodeSigner;
    this.nodeCertificateId = nodeCertificateId;
    this.clock = clock;
    flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Queues an event; completes with the audit transaction id once admitted. */
  @Override
  public CompletableFuture<Hash> log(AccessEvent event) {
    CompletableFuture<Hash> f = new CompletableFuture<>();
    boolean full;
    synchronized (this) {
      pending.add(new Pending(event, f));
      full = pending.size() >= AuditContract.MAX_EVENTS_PER_TRANSACTION;
    }
    if (full && !flusher.isShutdown()) {
      flusher.execute(this::flush);
    }
    return f;
  }

  void flush() {
    List<Pending> batch;
    synchronized (this) {
      if (pending.isEmpty()) {
        return;
      }
      // Events travel hex-encoded in one argument: keep the transaction within the genesis limit.
      long budget = (ledger.genesis().parameters().maxTransactionBytes() - 2048L) / 2;
      int n = 0;
      long bytes = 4;
      while (n < pending.size() && n < AuditContract.MAX_EVENTS_PER_TRANSACTION) {
        long size = pending.get(n).event().encode().length;
        if (n > 0 && bytes + size > budget) {
          break;
        }
        bytes += size;
        n++;
      }
      batch = new ArrayList<>(pending.subList(0, n));
      pending = new ArrayList<>(pending.subList(n, pending.size()));
    }
    try {
      List<AccessEvent> events = new ArrayList<>(batch.size());
      batch.forEach(p -> events.add(p.event()));
      Transaction tx = new Transaction.Payload(ledger.genesis().suite(), ledger.genesis().chainId(), nodeCertificateId,
          nonces.nextLong(), clock.millis(), AuditContract.NAME, "log",
          Args.of("events", Hex.encode(AccessEvent.encodeBatch(events)))).sign(nodeSigner);
      AdmissionResult r = admission.submit(tx);
      if (r instanceof AdmissionResult.Refused refused) {
        IllegalStateException e = new IllegalStateException("the audit transaction was refused: " + refused);
        batch.forEach(p -> p.admitted().completeExceptionally(e));
      } else {
        Hash id = tx.id(ledger.hashFunction());
        batch.forEach(p -> p.admitted().complete(id));
      }
      synchronized (this) {
        if (!pending.isEmpty() && !flusher.isShutdown()) {
          flusher.execute(this::flush);
        }
      }
    } catch (RuntimeException e) {
      batch.forEach(p -> p.admitted().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    flusher.shutdown();
    flush();
  }
}
