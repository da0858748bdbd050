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
  public enum AddResult { ADDED, DUPLICATE, FULL }

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<PendingTransaction> queue = new ArrayDeque<>();
  private final Set<Hash> pendingIds = new HashSet<>();

  public Mempool(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("mempool capacity must be positive");
    }
    this.capacity = capacity;
  }

  public AddResult add(PendingTransaction tx) {
    lock.lock();
    try {
      if (pendingIds.contains(tx.id())) {
        return AddResult.DUPLICATE;
      }
      if (queue.size() >= capacity) {
        return AddResult.FULL;
      }
      queue.addLast(tx);
      pendingIds.add(tx.id());
      changed.signalAll();
      return AddResult.ADDED;
    } finally {
      lock.unlock();
    }
  }

  public boolean contains(Hash id) {
    lock.lock();
    try {
      return pendingIds.contains(id);
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
      out.add(p);
    }
    return out;
  }

  /** Drops transactions another proposer already committed. */
  public void removeAll(Collection<Hash> ids) {
    lock.lock();
    try {
      if (ids.isEmpty()) {
        return;
      }
      Set<Hash> drop = new HashSet<>(ids);
      queue.removeIf(p -> drop.contains(p.id()));
      pendingIds.removeAll(drop);
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
