package org.medledger.node.bft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.tx.Transaction;
import org.medledger.network.TlsTransport;
import org.medledger.network.Topic;
import org.medledger.node.admission.Admission;
import org.medledger.node.mempool.Mempool;
import org.medledger.node.mempool.PendingTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes client transactions this node admitted to every peer, so a client may submit to any
 * node and any proposer can include them. Batched every few milliseconds (one frame holds many
 * transactions); a receiving node admits them with the same checks as its own clients' (which
 * is when it verifies their signatures, once) and does not pass them on: every node is linked
 * to every other. Gossip is best effort: a transaction lost here still reaches a block through
 * the node its client used.
 */
final class TransactionGossip implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionGossip.class);
  private static final int MAX_FRAME_BYTES = 4 << 20;
  private static final int MAX_PER_FRAME = 20_000;
  private static final long FLUSH_MILLIS = 5;
  private static final long RESEND_AFTER_MILLIS = 1_000;
  /** Each transaction is re-sent once, at most this many a second: under a backlog, old is normal. */
  private static final int RESEND_LIMIT = 500;
  private static final int RESEND_SCAN = 20_000;
  private static final int RESENT_MEMORY = 400_000;
  private final java.util.Set<org.medledger.crypto.Hash> resent = new java.util.HashSet<>();

  private final TlsTransport transport;
  private final Admission admission;
  private final Mempool mempool;
  private final List<byte[]> outbox = new ArrayList<>();
  private int outboxBytes;
  private final ThreadPoolExecutor admitters;

  TransactionGossip(TlsTransport transport, Admission admission, Mempool mempool, ScheduledExecutorService timers,
      int threads) {
    this.transport = transport;
    this.admission = admission;
    this.mempool = mempool;
    // Bounded: a flood from one peer is dropped, not queued without end.
    this.admitters = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1_000),
        r -> {
          Thread t = new Thread(r, "medledger-gossip-admit");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    timers.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(this::resendStale, RESEND_AFTER_MILLIS, RESEND_AFTER_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Re-sends transactions pending here for a while: a peer that was down or not yet linked when
   * they were first sent may be the next proposer. Receivers drop what they already hold before
   * any signature check, so this costs little.
   */
  private void resendStale() {
    try {
      if (mempool.oldestWaitNanos() < TimeUnit.MILLISECONDS.toNanos(RESEND_AFTER_MILLIS)) {
        return;
      }
      int sent = 0;
      for (PendingTransaction p : mempool.peek(RESEND_SCAN)) {
        if (sent >= RESEND_LIMIT) {
          break;
        }
        if (System.nanoTime() - p.receivedAtNanos() >= TimeUnit.MILLISECONDS.toNanos(RESEND_AFTER_MILLIS)
            && resent.add(p.id())) {
          admittedLocally(p.transaction());
          sent++;
        }
      }
      if (resent.size() > RESENT_MEMORY) {
        resent.clear();
      }
    } catch (RuntimeException e) {
      LOG.debug("re-send failed: {}", e.toString());
    }
  }

  /** Queues a transaction a client submitted here. */
  void admittedLocally(Transaction tx) {
    byte[] b = tx.encoded();
    boolean full;
    synchronized (outbox) {
      outbox.add(b);
      outboxBytes += b.length + 4;
      full = outboxBytes >= MAX_FRAME_BYTES || outbox.size() >= MAX_PER_FRAME;
    }
    if (full) {
      flush();
    }
  }

  void flush() {
    List<byte[]> batch;
    int bytes;
    synchronized (outbox) {
      if (outbox.isEmpty()) {
        return;
      }
      batch = new ArrayList<>(outbox);
      bytes = outboxBytes;
      outbox.clear();
      outboxBytes = 0;
    }
    CanonicalWriter w = new CanonicalWriter(bytes + 8).u32(batch.size());
    for (byte[] b : batch) {
      w.bytes(b);
    }
    try {
      transport.broadcast(Topic.TRANSACTIONS, w.toByteArray());
    } catch (RuntimeException e) {
      LOG.debug("gossip send failed: {}", e.toString());
    }
  }

  /** A batch from a peer: admitted on the gossip threads, off the network thread. */
  void received(byte[] payload) {
    admitters.execute(() -> {
      try {
        CanonicalReader r = new CanonicalReader(payload);
        int n = r.count("transactions", MAX_PER_FRAME);
        for (int i = 0; i < n; i++) {
          admission.submitFromPeer(r.bytes("transaction", MAX_FRAME_BYTES));
        }
        r.expectEnd("transaction batch");
      } catch (DecodeException e) {
        LOG.debug("malformed gossip batch: {}", e.getMessage());
      }
    });
  }

  @Override
  public void close() {
    admitters.shutdownNow();
    try {
      // Admission reads the store, which closes after this.
      admitters.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
