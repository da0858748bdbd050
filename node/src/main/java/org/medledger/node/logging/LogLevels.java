package org.medledger.node.logging;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.Level;

/**
 * The least severe level each logger writes: {@code MEDLEDGER_LOG_LEVEL} (or {@code
 * -Dmedledger.log.level}) for all, default info; {@code -Dmedledger.log.level.<prefix>=debug}
 * for a package or class. Jetty's and Javalin's own chatter starts at warn.
 */
final class LogLevels {
  static final String ENV = "MEDLEDGER_LOG_LEVEL";
  static final String PROPERTY = "medledger.log.level";

  private final Level root;
  /** Longest prefix wins: kept in reverse order so the first match is the longest. */
  private final TreeMap<String, Level> byPrefix = new TreeMap<>(java.util.Comparator.reverseOrder());

  LogLevels() {
    this.root = parse(System.getProperty(PROPERTY, System.getenv(ENV)), Level.INFO);
    byPrefix.put("org.eclipse.jetty", Level.WARN);
    byPrefix.put("io.javalin", Level.WARN);
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String key = e.getKey().toString();
      if (key.startsWith(PROPERTY + ".")) {
        byPrefix.put(key.substring(PROPERTY.length() + 1), parse(e.getValue().toString(), root));
      }
    }
  }

  Level of(String logger) {
    for (Map.Entry<String, Level> e : byPrefix.entrySet()) {
      String p = e.getKey();
      if (logger.equals(p) || logger.startsWith(p + ".")) {
        return e.getValue();
      }
    }
    return root;
  }

  private static Level parse(String v, Level otherwise) {
    if (v == null || v.isBlank()) {
      return otherwise;
    }
    try {
      return Level.valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      System.err.println("medledger: log level '" + v + "' is none of error, warn, info, debug, trace; using " + otherwise);
      return otherwise;
    }
  }
}
