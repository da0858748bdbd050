package org.medledger.node.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One log line in either format. JSON: {@code time} (ISO-8601 UTC), {@code level}, {@code logger},
 * {@code message}, then {@code node}, {@code height}, {@code requestId} when known, {@code thread},
 * and {@code error} (the stack trace) with a throwable; one object per line, newlines escaped.
 */
record LogLine(long epochMillis, String level, String logger, String thread, String message, String node, long height,
    String requestId, Throwable error) {
  private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  String format(LogFormat format) {
    return format == LogFormat.JSON ? json() : text();
  }

  String json() {
    StringBuilder b = new StringBuilder(160 + message.length());
    b.append("{\"time\":\"").append(Instant.ofEpochMilli(epochMillis)).append('"');
    field(b, "level", level);
    field(b, "logger", logger);
    field(b, "message", message);
    if (node != null) {
      field(b, "node", node);
    }
    if (height >= 0) {
      b.append(",\"height\":").append(height);
    }
    if (requestId != null) {
      field(b, "requestId", requestId);
    }
    field(b, "thread", thread);
    if (error != null) {
      field(b, "error", stackTrace(error));
    }
    return b.append('}').toString();
  }

  String text() {
    StringBuilder b = new StringBuilder(TEXT_TIME.format(Instant.ofEpochMilli(epochMillis)));
    b.append(" [").append(thread).append("] ").append(level).append(' ')
        .append(logger.substring(logger.lastIndexOf('.') + 1));
    if (node != null) {
      b.append(" {").append(node);
      if (height >= 0) {
        b.append(" h=").append(height);
      }
      if (requestId != null) {
        b.append(" req=").append(requestId);
      }
      b.append('}');
    }
    b.append(" - ").append(message);
    if (error != null) {
      b.append(System.lineSeparator()).append(stackTrace(error).stripTrailing());
    }
    return b.toString();
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private static void field(StringBuilder b, String name, String value) {
    b.append(",\"").append(name).append("\":");
    quote(b, value);
  }

  /** RFC 8259 §7: quotation mark, reverse solidus and the control characters escaped. */
  static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
