package org.medledger.it.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches the chain's height (the highest any node reports) every 200 ms, noting when each new
 * height was first seen: the gaps between blocks, and when the first block after a heal came.
 */
final class HeightMonitor implements AutoCloseable {
  private static final long EVERY_MILLIS = 200;

  private final ChaosCluster cluster;
  private final Thread thread;
  private final List<long[]> seen = new ArrayList<>(); // {nanos, height}
  private volatile boolean running = true;

  HeightMonitor(ChaosCluster cluster) {
    this.cluster = cluster;
    this.thread = new Thread(this::run, "chaos-height-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      long top = -1;
      for (int i = 0; i < cluster.size(); i++) {
        if (cluster.running(i)) {
          top = Math.max(top, cluster.height(i));
        }
      }
      long now = System.nanoTime();
      synchronized (this) {
        if (top >= 0 && (seen.isEmpty() || top > seen.get(seen.size() - 1)[1])) {
          seen.add(new long[] {now, top});
          notifyAll();
        }
      }
      try {
        Thread.sleep(EVERY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  synchronized long top() {
    return seen.isEmpty() ? -1 : seen.get(seen.size() - 1)[1];
  }

  /**
   * Waits up to {@code timeoutMillis} for a height above {@code height}; returns the milliseconds
   * from {@code sinceNanos} to when it was first seen, or -1 if none came.
   */
  synchronized long awaitAbove(long height, long sinceNanos, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      for (long[] s : seen) {
        if (s[1] > height) {
          return Math.max(0, TimeUnit.NANOSECONDS.toMillis(s[0] - sinceNanos));
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return -1;
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  /** The longest time between two new heights seen (to the monitor's 200 ms). */
  synchronized long longestGapMillis() {
    long longest = 0;
    for (int i = 1; i < seen.size(); i++) {
      longest = Math.max(longest, seen.get(i)[0] - seen.get(i - 1)[0]);
    }
    return TimeUnit.NANOSECONDS.toMillis(longest);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(10_000);
  }
}
