package org.medledger.node.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.medledger.node.application.ApiRoutes;

/**
 * The probes a service manager or load balancer polls, public and free of member data.
 * {@code /health/live}: the process serves and its ordering runs (a stopped ordering needs a
 * restart). {@code /health/ready}: live, and the chain is within {@link #READY_LAG_BLOCKS} of
 * the best height a peer announced, so a node catching up gets no clients yet.
 */
final class HealthProbes {
  static final long READY_LAG_BLOCKS = 2;

  private final BooleanSupplier orderingRunning;
  private final LongSupplier height;
  private final LongSupplier bestPeerHeight;
  /** What to say when ordering stopped: its reason when it gave one (an upgrade), else "see the node log". */
  private final java.util.function.Supplier<String> stoppedText;

  HealthProbes(BooleanSupplier orderingRunning, LongSupplier height, LongSupplier bestPeerHeight,
      java.util.function.Supplier<String> stoppedText) {
    this.orderingRunning = orderingRunning;
    this.stoppedText = stoppedText;
    this.height = height;
    this.bestPeerHeight = bestPeerHeight;
  }

  void register(RouteTable routes) {
    routes.add(HandlerType.GET, "/health/live", ApiRoutes.Access.PUBLIC, this::live);
    routes.add(HandlerType.GET, "/health/ready", ApiRoutes.Access.PUBLIC, this::ready);
  }

  private void live(Context ctx) {
    boolean running = orderingRunning.getAsBoolean();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", running ? "live" : stoppedText.get());
    ctx.status(running ? 200 : 503).json(m);
  }

  private void ready(Context ctx) {
    long h = height.getAsLong();
    long best = Math.max(h, bestPeerHeight.getAsLong());
    boolean running = orderingRunning.getAsBoolean();
    boolean caughtUp = best - h <= READY_LAG_BLOCKS;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", running && caughtUp ? "ready" : "not ready");
    m.put("height", h);
    m.put("bestPeerHeight", best);
    if (!running) {
      m.put("reason", stoppedText.get());
    } else if (!caughtUp) {
      m.put("reason", "catching up: " + (best - h) + " blocks behind the best peer (ready within " + READY_LAG_BLOCKS + ")");
    }
    ctx.status(running && caughtUp ? 200 : 503).json(m);
  }
}
