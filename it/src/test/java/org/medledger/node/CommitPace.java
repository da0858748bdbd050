package org.medledger.node;

import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's block rate measured between its own commits rather than between two wall-clock
 * readings of its height: a window of a few seconds holds some 20 blocks, and a height read at an
 * arbitrary instant is off by up to one block at each end (up to 10 % of such a window by
 * itself). Each commit's instant is recorded; a window counts the blocks committed after its first
 * commit over the time from its first commit to its last. Windows add up, so quiet windows
 * interleaved with loaded ones give a baseline and a loaded rate taken under the same load from
 * the rest of the machine.
 */
final class CommitPace {
  /** Commit instants ({@link System#nanoTime()}), each at least one nanosecond after the one before. */
  private final NavigableSet<Long> instants = new ConcurrentSkipListSet<>();
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

  CommitPace(RunningValidators running, int node) {
    running.node(node).addCommitListener((block, outcomes) ->
        instants.add(last.updateAndGet(previous -> Math.max(previous + 1, System.nanoTime()))));
  }

  /** Something done while the window is open. */
  interface Load {
    void run() throws Exception;
  }

  /** The blocks committed during {@code load}; fewer than two commits count as no block over the whole window. */
  Window measure(Load load) throws Exception {
    long start = System.nanoTime();
    load.run();
    long end = System.nanoTime();
    NavigableSet<Long> inside = instants.subSet(start, true, end, true);
    if (inside.size() < 2) {
      return new Window(0, end - start);
    }
    return new Window(inside.size() - 1, inside.last() - inside.first());
  }

  /** Blocks committed over nanoseconds between commits; windows add up. */
  record Window(long blocks, long nanos) {
    static final Window NONE = new Window(0, 0);

    Window plus(Window other) {
      return new Window(blocks + other.blocks, nanos + other.nanos);
    }

    double blocksPerSecond() {
      return nanos == 0 ? 0 : blocks * 1e9 / nanos;
    }
  }
}
