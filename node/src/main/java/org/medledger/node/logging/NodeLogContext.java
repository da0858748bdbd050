package org.medledger.node.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.MDC;

/**
 * What each log line says about where it comes from: the node (and its chain height now) and the
 * API request it serves. A request's thread carries both in the MDC ({@link #NODE}, {@link
 * #REQUEST_ID}); a line from any other thread names the process's node when it runs just one
 * (a deployed node; tests run several in one JVM, and their other threads' lines name none).
 */
public final class NodeLogContext {
  public static final String NODE = "node";
  public static final String REQUEST_ID = "requestId";

  private static final Map<String, LongSupplier> HEIGHTS = new ConcurrentHashMap<>();

  private NodeLogContext() {}

  /** A node started in this process: its lines carry its name and height. */
  public static void nodeStarted(String node, LongSupplier height) {
    HEIGHTS.put(node, height);
  }

  public static void nodeStopped(String node) {
    HEIGHTS.remove(node);
  }

  /**
   * {@code task} run with this thread's node and request id, wherever it runs: work a request
   * hands to a pool (the vault's shard placements) logs under the request's id.
   */
  public static Runnable carried(Runnable task) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    if (context == null || context.isEmpty()) {
      return task;
    }
    return () -> {
      Map<String, String> before = MDC.getCopyOfContextMap();
      MDC.setContextMap(context);
      try {
        task.run();
      } finally {
        MDC.setContextMap(before == null ? Map.of() : before);
      }
    };
  }

  /** The node a line from this thread is about, or null. */
  static String currentNode() {
    String n = MDC.get(NODE);
    if (n != null) {
      return n;
    }
    if (HEIGHTS.size() == 1) {
      try {
        return HEIGHTS.keySet().iterator().next();
      } catch (java.util.NoSuchElementException raced) {
        return null;
      }
    }
    return null;
  }

  /** That node's chain height, or -1 when unknown (or its store is closing). */
  static long heightOf(String node) {
    LongSupplier h = node == null ? null : HEIGHTS.get(node);
    if (h == null) {
      return -1;
    }
    try {
      return h.getAsLong();
    } catch (RuntimeException closing) {
      return -1;
    }
  }
}
