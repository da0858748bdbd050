package org.medledger.node.refusals;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.medledger.core.refusals.RefusalLogAnchor;
import org.medledger.core.refusals.RefusalLogAnchorContract;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the refusal log's head on the ledger ({@code refusal-anchors.anchor}, signed by this
 * node) every {@code refusalLog.anchorEverySeconds} when the log grew since its last anchor, and
 * holds the log against every head this node anchored ({@link AnchorCheck}). A node that rewrites
 * its log on disk can no longer serve a chain through the heads it committed to; the ledger, which
 * it cannot rewrite, says so to anyone who compares.
 *
 * <p>The check is incremental: an anchor checked once stays checked (the running node only
 * appends), so each tick reads one entry per new anchor; at start every anchor is checked.
 */
public final class RefusalAnchorer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalAnchorer.class);
  /** An anchor transaction neither committed nor refused by then is taken as lost and sent again. */
  static final long RESUBMIT_MILLIS = 60_000;

  /** How the node signs and submits one transaction of its own. */
  @FunctionalInterface
  public interface NodeSigner {
    Transaction sign(String contract, String method, String... args);
  }

  private final RefusalLog log;
  private final Ledger ledger;
  private final Admission admission;
  private final NodeSigner signer;
  private final Hash self;
  private final Clock clock;
  private final long everyMillis;
  private ScheduledExecutorService ticker;

  // Guarded by this.
  /** The first anchor waits one interval from start, as every later one does. */
  private long lastAttempt;
  private Hash pending;
  private long pendingSequence;
  private long checkedUpTo;
  private long beforeRetained;
  private RefusalLogAnchor diverging;
  private String problem;

  public RefusalAnchorer(RefusalLog log, Ledger ledger, Admission admission, NodeSigner signer, Hash self, Clock clock,
      long everySeconds) {
    this.log = log;
    this.ledger = ledger;
    this.admission = admission;
    this.signer = signer;
    this.self = self;
    this.clock = clock;
    this.everyMillis = everySeconds * 1000;
    this.lastAttempt = clock.millis();
  }

  /** This node's certificate id: whose anchors these are. */
  public Hash node() {
    return self;
  }

  /** Ticks once a second on a daemon thread of its own; with an interval of 0 only the check runs (on demand). */
  public synchronized void start() {
    if (everyMillis > 0 && ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "refusal-anchorer");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleWithFixedDelay(this::tickQuietly, 1, 1, TimeUnit.SECONDS);
    }
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("refusal log anchoring: {}", e.toString());
    }
  }

  /** Checks new anchors; anchors the head when the interval has passed and the log grew since the last anchor. */
  synchronized void tick() {
    check();
    StateReader state = ledger.state();
    long now = clock.millis();
    if (pending != null) {
      var committed = ledger.transaction(pending);
      if (committed.isPresent()) {
        if (!committed.get().outcome().success()) {
          LOG.warn("the ledger refused this node's refusal log anchor at entry {}: {} ({})", pendingSequence,
              committed.get().outcome().code(), committed.get().outcome().message());
        }
        pending = null;
      } else if (now - lastAttempt < RESUBMIT_MILLIS) {
        return;
      } else {
        pending = null;
      }
    }
    if (everyMillis <= 0 || now - lastAttempt < everyMillis) {
      return;
    }
    ChainCheck head = log.headNow();
    long anchored = RefusalLogAnchorContract.latest(state, self).map(RefusalLogAnchor::sequence).orElse(0L);
    if (head.last() <= anchored) {
      return;
    }
    lastAttempt = now;
    long firstNew = Math.max(anchored + 1, head.first());
    long from = log.entry(firstNew).map(RefusalEntry::time).orElse(0L);
    long to = log.entry(head.last()).map(RefusalEntry::time).orElse(from);
    Transaction tx = signer.sign(RefusalLogAnchorContract.NAME, RefusalLogAnchorContract.ANCHOR, "node", self.hex(), "sequence",
        Long.toString(head.last()), "head", head.head().hex(), "from", Long.toString(Math.min(from, to)), "to",
        Long.toString(to));
    AdmissionResult r = admission.submit(tx);
    if (r instanceof AdmissionResult.Refused refused) {
      LOG.debug("refusal log anchor refused by admission ({}); trying again in {} s", refused.rejection(), everyMillis / 1000);
    } else {
      pending = tx.id(ledger.hashFunction());
      pendingSequence = head.last();
    }
  }

  /** Holds the log against the anchors not yet checked, and answers for all of them. */
  public synchronized AnchorCheck check() {
    StateReader state = ledger.state();
    long count = RefusalLogAnchorContract.count(state, self);
    if (diverging == null) {
      ChainCheck head = log.headNow();
      while (checkedUpTo < count && diverging == null) {
        RefusalLogAnchor a = RefusalLogAnchorContract.anchor(state, self, checkedUpTo).orElseThrow();
        Held held = held(a, head);
        if (!held.checkable()) {
          beforeRetained++;
        } else if (held.problem() != null) {
          diverging = a;
          problem = held.problem();
          // At start or on the tick that checks it: an operator must explain a rewritten log, not have it hidden.
          LOG.error("the refusal log diverges from the anchor at sequence {} committed in block {}: {}", a.sequence(),
              a.height(), problem);
          break;
        }
        checkedUpTo++;
      }
    }
    RefusalLogAnchor latest = count == 0 ? null : RefusalLogAnchorContract.anchor(state, self, count - 1).orElse(null);
    return new AnchorCheck(count, checkedUpTo - beforeRetained + (diverging != null ? 1 : 0), beforeRetained, latest, diverging,
        problem == null ? null : "diverges from the anchor at sequence " + diverging.sequence() + " committed in block "
            + diverging.height() + ": " + problem);
  }

  /** Whether the log holds an anchored head: past checking (retention took it), held (no problem), or how it differs. */
  private record Held(boolean checkable, String problem) {
    static final Held PAST_RETENTION = new Held(false, null);
    static final Held YES = new Held(true, null);

    static Held no(String problem) {
      return new Held(true, problem);
    }
  }

  private Held held(RefusalLogAnchor a, ChainCheck head) {
    long n = a.sequence();
    if (n > head.last()) {
      return Held.no("the log ends at entry " + head.last() + ", before the anchored entry " + n);
    }
    if (n >= head.first()) {
      Optional<Hash> h = log.entryHash(n);
      if (h.isEmpty()) {
        return Held.no("entry " + n + " is missing from the log");
      }
      return h.get().equals(a.head()) ? Held.YES : Held.no("entry " + n + " hashes to " + h.get() + ", the anchor says " + a.head());
    }
    if (n == head.first() - 1) {
      return head.anchor().equals(a.head()) ? Held.YES : Held.no("the last entry retention dropped (" + n + ") hashed to "
          + head.anchor() + ", the anchor says " + a.head());
    }
    return Held.PAST_RETENTION;
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }
}
