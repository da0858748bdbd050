package org.medledger.node.api;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.medledger.node.logging.NodeLogContext;
import org.slf4j.MDC;

/**
 * Each API request's id, on every log line its thread writes while serving it and in the answer's
 * {@code X-Request-Id}: the caller's own {@code X-Request-Id} when it is a plain token (so a client
 * and a proxy can follow one request through their logs and the node's), else a fresh random one.
 * A caller's id of another shape is not taken: it would write what it likes into the node's log.
 */
final class RequestIds {
  static final String HEADER = "X-Request-Id";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String nodeName;

  RequestIds(String nodeName) {
    this.nodeName = nodeName;
  }

  void begin(Context ctx) {
    String given = ctx.header(HEADER);
    String id = given != null && PLAIN.matcher(given).matches() ? given : fresh();
    MDC.put(NodeLogContext.NODE, nodeName);
    MDC.put(NodeLogContext.REQUEST_ID, id);
    ctx.header(HEADER, id);
  }

  void end(Context ctx) {
    MDC.remove(NodeLogContext.REQUEST_ID);
    MDC.remove(NodeLogContext.NODE);
  }

  private static String fresh() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
