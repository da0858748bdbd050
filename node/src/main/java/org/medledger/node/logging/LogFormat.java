package org.medledger.node.logging;

import java.util.Locale;

/**
 * How log lines look: one JSON object per line (for a service manager's journal or a log
 * shipper), or plain text (for a person). Chosen by {@code MEDLEDGER_LOG_FORMAT} or {@code
 * -Dmedledger.log.format} ({@code json} or {@code text}); unset, text when the process runs at a
 * terminal and JSON otherwise (docs/operations.md).
 */
public enum LogFormat {
  JSON, TEXT;

  public static final String ENV = "MEDLEDGER_LOG_FORMAT";
  public static final String PROPERTY = "medledger.log.format";

  /** The format the process was started with; an unknown value is reported once and JSON used. */
  static LogFormat configured() {
    String v = System.getProperty(PROPERTY, System.getenv(ENV));
    if (v == null || v.isBlank()) {
      // Unset: a person at a terminal reads text; a service manager or a shipper gets JSON.
      return System.console() != null ? TEXT : JSON;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "json" -> JSON;
      case "text", "plain" -> TEXT;
      default -> {
        System.err.println("medledger: " + ENV + "=" + v + " is neither json nor text; logging JSON lines");
        yield JSON;
      }
    };
  }
}
