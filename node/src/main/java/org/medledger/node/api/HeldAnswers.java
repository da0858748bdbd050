package org.medledger.node.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The clock the tarpit's held answers wait on ({@link Tarpit}): one timer thread for all of them,
 * so a held request holds no thread. When a delay is up the answer is written on the server's own
 * threads, never the timer's: a client that stops reading its answers could otherwise block the
 * timer in a write, and every other held answer behind it.
 */
final class HeldAnswers implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final Executor server;

  /** {@code server}: the HTTP server's threads, on which the held requests resume. */
  HeldAnswers(Executor server) {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "api-tarpit");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    this.server = server;
  }

  /** Completes, on a server thread, {@code delayMillis} from now (at once if the server is stopping). */
  CompletableFuture<Void> after(long delayMillis) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      timer.schedule(() -> resume(done), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      done.complete(null);
    }
    return done;
  }

  private void resume(CompletableFuture<Void> done) {
    try {
      server.execute(() -> done.complete(null));
    } catch (RejectedExecutionException stopping) {
      done.complete(null);
    }
  }

  @Override
  public void close() {
    // What is still waiting is answered now: the server is stopping, and its connections with it.
    for (Runnable waiting : timer.shutdownNow()) {
      waiting.run();
    }
  }
}
