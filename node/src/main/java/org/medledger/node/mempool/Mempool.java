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
 *
 * <p>Budgets: a count and a byte size for the whole pool; a share of each per sender ({@link
 * #SENDER_SHARE}), so one member's flood leaves room for everyone else; and the last tenth of
 * each kept for access events ({@code audit.log}): a node serves a health record only once its
 * access event is admitted, so a pool full of other transactions must not stop every read.
 */
public final class Mempool {
  public enum AddResult { ADDED, DUPLICATE, FULL, SENDER_QUOTA }

  /** A sender may hold at most 1/SENDER_SHARE of the pool's count and bytes. */
  public static final int SENDER_SHARE = 4;
  /** The pool's last 1/AUDIT_RESERVE is for audit transactions only. */
  public static final int AUDIT_RESERVE = 10;
  public static final long DEFAULT_MAX_BYTES = 256L << 20;

  private final int capacity;
  private final long maxBytes;
  private long bytes;
  /** Pending count and bytes by sender; guarded by {@code lock}. */
  private final java.util.HashMap<Hash, long[]> bySender = new java.util.HashMap<>();
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
    this(capacity, DEFAULT_MAX_BYTES);
  }

  public Mempool(int capacity, long maxBytes) {
    if (capacity < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("mempool capacity and byte budget must be positive");
    }
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  public AddResult add(PendingTransaction tx) {
    lock.lock();
    try {
      if (pendingIds.contains(tx.id()) || recentlyCommitted.contains(tx.id())) {
        return AddResult.DUPLICATE;
      }
      long size = tx.transaction().encoded().length;
      boolean audit = org.medledger.core.audit.AuditContract.NAME.equals(tx.transaction().contract());
      long countLimit = audit ? capacity : capacity - capacity / AUDIT_RESERVE;
      long byteLimit = audit ? maxBytes : maxBytes - maxBytes / AUDIT_RESERVE;
      if (queue.size() >= countLimit || bytes + size > byteLimit) {
        return AddResult.FULL;
      }
      long[] mine = bySender.get(tx.transaction().sender());
      if (mine != null && (mine[0] >= Math.max(1, capacity / SENDER_SHARE) || mine[1] + size > maxBytes / SENDER_SHARE)) {
        return AddResult.SENDER_QUOTA;
      }
      queue.addLast(tx);
      pendingIds.add(tx.id());
      remember(tx, size);
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
      forget(p);
      out.add(p);
    }
    return out;
  }

  private void remember(PendingTransaction p, long size) {
    bytes += size;
    long[] s = bySender.computeIfAbsent(p.transaction().sender(), k -> new long[2]);
    s[0]++;
    s[1] += size;
  }

  private void forget(PendingTransaction p) {
    long size = p.transaction().encoded().length;
    bytes -= size;
    long[] s = bySender.get(p.transaction().sender());
    if (s != null) {
      s[0]--;
      s[1] -= size;
      if (s[0] <= 0) {
        bySender.remove(p.transaction().sender());
      }
    }
  }

  /** Bytes pending (encoded transactions). */
  public long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
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
            forget(p);
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
