package org.medledger.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The route × abuse table of {@code ApiAbuseTest}: one line per route, one cell per abuse (the
 * status it got, "-" where the abuse does not apply), then the lines that are not one route's
 * (burst, slow clients), then every cell that broke its rule. Printed and saved as it is.
 */
final class AbuseTable {
  private final List<String> columns;
  private final TreeMap<String, Map<String, String>> rows = new TreeMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  AbuseTable(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  void cell(String route, String column, String value) {
    if (!columns.contains(column)) {
      throw new IllegalArgumentException("no column " + column);
    }
    rows.computeIfAbsent(route, r -> new LinkedHashMap<>()).put(column, value);
  }

  /** Records a cell and, when {@code ok} is false, a failure naming the route, the abuse and why. */
  void check(String route, String column, String value, boolean ok, String rule) {
    cell(route, column, ok ? value : value + "!");
    if (!ok) {
      failures.add(route + " × " + column + ": got " + value + ", expected " + rule);
    }
  }

  void note(String line) {
    notes.add(line);
  }

  void fail(String line) {
    failures.add(line);
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  String render() {
    int routeWidth = rows.keySet().stream().mapToInt(String::length).max().orElse(5) + 2;
    StringBuilder b = new StringBuilder();
    b.append(pad("route", routeWidth));
    for (String c : columns) {
      b.append(pad(c, width(c)));
    }
    b.append('\n');
    rows.forEach((route, cells) -> {
      b.append(pad(route, routeWidth));
      for (String c : columns) {
        b.append(pad(cells.getOrDefault(c, "-"), width(c)));
      }
      b.append('\n');
    });
    b.append('\n');
    notes.forEach(n -> b.append(n).append('\n'));
    b.append(failures.isEmpty() ? "every cell as expected\n" : failures.size() + " cells broke their rule (marked !):\n");
    failures.forEach(f -> b.append("  ").append(f).append('\n'));
    return b.toString();
  }

  void save(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, render());
  }

  private int width(String column) {
    int w = column.length();
    for (Map<String, String> cells : rows.values()) {
      w = Math.max(w, cells.getOrDefault(column, "-").length());
    }
    return w + 2;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }
}
