package org.medledger.node.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The node's SLF4J binding (found through META-INF/services): JSON lines or plain text on
 * standard error ({@link LogFormat}), each line carrying the node, its height and the API
 * request's id ({@link NodeLogContext}). Written here rather than configured from a logging
 * framework because those fields come from the node itself and the format must be the same on
 * every host whatever files lie beside the jar.
 */
public final class NodeLogProvider implements SLF4JServiceProvider {
  private ILoggerFactory loggers;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new ThreadMdc();

  @Override
  public void initialize() {
    LogFormat format = LogFormat.configured();
    LogLevels levels = new LogLevels();
    ConcurrentMap<String, Logger> made = new ConcurrentHashMap<>();
    loggers = name -> made.computeIfAbsent(name, n -> new NodeLogger(n, levels.of(n), format));
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }
}
