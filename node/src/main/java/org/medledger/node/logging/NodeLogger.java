package org.medledger.node.logging;

import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger writing {@link LogLine}s to the process's standard error, whole lines only. */
final class NodeLogger extends AbstractLogger {
  private static final Object STDERR = new Object();

  private final transient Level threshold;
  private final transient LogFormat format;

  NodeLogger(String name, Level threshold, LogFormat format) {
    this.name = name;
    this.threshold = threshold;
    this.format = format;
  }

  private boolean enabled(Level l) {
    return l.toInt() >= threshold.toInt();
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return isTraceEnabled();
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return isDebugEnabled();
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return isInfoEnabled();
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return isWarnEnabled();
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return isErrorEnabled();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
      Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    String node = NodeLogContext.currentNode();
    LogLine line = new LogLine(System.currentTimeMillis(), level.name(), name, Thread.currentThread().getName(),
        message == null ? "" : message, node, NodeLogContext.heightOf(node), MDC.get(NodeLogContext.REQUEST_ID),
        throwable);
    String text = line.format(format);
    // System.err looked up each time: a test that captures it (System.setErr) sees the lines.
    synchronized (STDERR) {
      System.err.println(text);
    }
  }
}
