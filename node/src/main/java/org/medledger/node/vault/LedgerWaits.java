package org.medledger.node.vault;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Work parked until this node's ledger holds what it needs: a shard or key placed while its entry
 * is still being committed waits for that entry without holding a worker (a thread parked per
 * early message capped how many stores at once a holder could take: 16 workers for ~300 ms each).
 * Each runs on the executor once its condition holds, or once its wait is over (it then refuses).
 */
final class LedgerWaits {
  private record Parked(BooleanSupplier ready, long deadline, Runnable run) {}

  private final Executor workers;
  private final long waitMillis;
  private final LongSupplier millis;
  private final List<Parked> parked = new ArrayList<>();

  LedgerWaits(Executor workers, long waitMillis, LongSupplier millis) {
    this.workers = workers;
    this.waitMillis = waitMillis;
    this.millis = millis;
  }

  /** Runs {@code run} at once if {@code ready} holds, else parks it until it does or the wait is over. */
  void whenLedgerHas(BooleanSupplier ready, Runnable run) {
    if (ready.getAsBoolean()) {
      run.run();
      return;
    }
    synchronized (parked) {
      parked.add(new Parked(ready, millis.getAsLong() + waitMillis, run));
    }
    recheck(); // the block may have committed between the check and the parking
  }

  /** Hands every parked run whose condition now holds, or whose wait is over, to the workers. */
  void recheck() {
    List<Parked> due = new ArrayList<>();
    long now = millis.getAsLong();
    synchronized (parked) {
      for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
        Parked p = it.next();
        if (p.deadline() <= now || p.ready().getAsBoolean()) {
          it.remove();
          due.add(p);
        }
      }
    }
    for (Parked p : due) {
      try {
        workers.execute(p.run());
      } catch (RejectedExecutionException e) {
        return; // closing
      }
    }
  }

  /** How many runs are parked now. */
  int parked() {
    synchronized (parked) {
      return parked.size();
    }
  }
}
