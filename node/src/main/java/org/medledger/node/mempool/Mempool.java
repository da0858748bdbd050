package org.medledger.node.mempool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.medledger.crypto.Hash;

/**
 * Admitted transactions waiting for a block, first come first served, bounded so a flood cannot
 * exhaust memory. Duplicates (same id) are refused while pending.
 */
public final class Mempool {
  /** {@code SENDER_QUOTA}: the sender already has its share of the pool pending. */
  public enum AddResult { ADDED, DUPLICATE, FULL, SENDER_QUOTA }

  private final int capacity;
  private final MempoolBudget budget;
  private final java.util.function.Predicate<org.medledger.core.tx.Transaction> reserved;
  private long pendingBytes;
  /** Pending bytes per sender certificate; only looked up by key, never iterated. */
  private final java.util.Map<Hash, Long> senderBytes = new java.util.HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<PendingTransaction> queue = new ArrayDeque<>();
  private final Set<Hash> pendingIds = new HashSet<>();
  private volatile Runnable onAdded = () -> { };
  /**
   * Ids of recently committed transactions. Admission checks committed state before it adds to
   * the pool; a block may commit in between, and without this the transaction would come back as
   * pending (and be proposed again) after the block removed it.
   */
  private final java.util.LinkedHashSet<Hash> recentlyCommitted = new java.util.LinkedHashSet<>();
  private static final int RECENTLY_COMMITTED_LIMIT = 500_000;

  public Mempool(int capacity) {
    this(MempoolBudget.ofCount(capacity), tx -> false);
  }

  /**
   * @param reserved which transactions may use the budget's reserved bytes (the node passes its
   *     validators' access events): the rest are refused once only the reserve is left
   */
  public Mempool(MempoolBudget budget, java.util.function.Predicate<org.medledger.core.tx.Transaction> reserved) {
    this.budget = java.util.Objects.requireNonNull(budget, "budget");
    this.reserved = java.util.Objects.requireNonNull(reserved, "reserved");
    this.capacity = budget.maxTransactions();
  }

  /** The budget this pool keeps. */
  public MempoolBudget budget() {
    return budget;
  }

  /** Encoded bytes of all pending transactions. */
  public long pendingBytes() {
    lock.lock();
    try {
      return pendingBytes;
    } finally {
      lock.unlock();
    }
  }

  public AddResult add(PendingTransaction tx) {
    lock.lock();
    try {
      if (pendingIds.contains(tx.id()) || recentlyCommitted.contains(tx.id())) {
        return AddResult.DUPLICATE;
      }
      if (queue.size() >= capacity) {
        return AddResult.FULL;
      }
      long size = tx.transaction().encoded().length;
      Hash sender = tx.transaction().sender();
      long bySender = senderBytes.getOrDefault(sender, 0L);
      if (bySender + size > budget.senderBytes()) {
        return AddResult.SENDER_QUOTA;
      }
      long room = reserved.test(tx.transaction()) ? budget.maxBytes() : budget.generalBytes();
      if (pendingBytes + size > room) {
        return AddResult.FULL;
      }
      queue.addLast(tx);
      pendingIds.add(tx.id());
      pendingBytes += size;
      senderBytes.put(sender, bySender + size);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    onAdded.run();
    return AddResult.ADDED;
  }

  /** Called (outside the lock, on the adding thread) after each added transaction; keep it cheap. */
  public void onAdded(Runnable listener) {
    this.onAdded = listener;
  }

  /**
   * The oldest {@code max} pending transactions, left in place: under BFT a proposed block may
   * lose its round, so transactions leave the pool only when a block holding them commits.
   */
  public List<PendingTransaction> peek(int max) {
    lock.lock();
    try {
      List<PendingTransaction> out = new ArrayList<>(Math.min(max, queue.size()));
      for (PendingTransaction p : queue) {
        if (out.size() >= max) {
          break;
        }
        out.add(p);
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** How long the oldest pending transaction has waited, in nanoseconds; 0 when none is. */
  public long oldestWaitNanos() {
    lock.lock();
    try {
      PendingTransaction first = queue.peekFirst();
      return first == null ? 0 : System.nanoTime() - first.receivedAtNanos();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the transaction is pending here (its signature was checked on admission). */
  public boolean contains(Hash id) {
    lock.lock();
    try {
      return pendingIds.contains(id);
    } finally {
      lock.unlock();
    }
  }

  /** Pending or recently committed: either way, admitting it again is pointless. */
  public boolean knows(Hash id) {
    lock.lock();
    try {
      return pendingIds.contains(id) || recentlyCommitted.contains(id);
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code batchSize} transactions are pending, or the oldest pending one has waited
   * {@code maxWaitNanos}, or {@code timeoutNanos} passes; then takes up to {@code batchSize}. An
   * empty result means nothing is pending (no empty blocks while idle).
   */
  public List<PendingTransaction> awaitBatch(int batchSize, long maxWaitNanos, long timeoutNanos)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    lock.lock();
    try {
      while (true) {
        long now = System.nanoTime();
        if (queue.size() >= batchSize) {
          return takeLocked(batchSize);
        }
        if (!queue.isEmpty()) {
          long cutAt = queue.peekFirst().receivedAtNanos() + maxWaitNanos;
          if (now >= cutAt) {
            return takeLocked(batchSize);
          }
          changed.awaitNanos(Math.min(cutAt, deadline) - now);
        } else {
          if (now >= deadline) {
            return List.of();
          }
          changed.awaitNanos(deadline - now);
        }
        if (System.nanoTime() >= deadline && queue.isEmpty()) {
          return List.of();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private List<PendingTransaction> takeLocked(int max) {
    int n = Math.min(max, queue.size());
    List<PendingTransaction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      PendingTransaction p = queue.pollFirst();
      pendingIds.remove(p.id());
      release(p);
      out.add(p);
    }
    return out;
  }

  /** Drops transactions a block committed, and refuses them from now on. */
  public void removeAll(Collection<Hash> ids) {
    lock.lock();
    try {
      if (ids.isEmpty()) {
        return;
      }
      Set<Hash> drop = new HashSet<>(ids);
      if (!queue.isEmpty()) {
        queue.removeIf(p -> {
          if (drop.contains(p.id())) {
            release(p);
            return true;
          }
          return false;
        });
      }
      pendingIds.removeAll(drop);
      recentlyCommitted.addAll(ids);
      var it = recentlyCommitted.iterator();
      while (recentlyCommitted.size() > RECENTLY_COMMITTED_LIMIT) {
        it.next();
        it.remove();
      }
    } finally {
      lock.unlock();
    }
  }

  private void release(PendingTransaction p) {
    long size = p.transaction().encoded().length;
    pendingBytes -= size;
    senderBytes.computeIfPresent(p.transaction().sender(), (k, v) -> v - size <= 0 ? null : v - size);
  }

  public void wakeUp() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  static long millisToNanos(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }
}
