package org.medledger.node.bft;

import java.util.ArrayList;
import java.util.List;

/** The DiskFaultTest table: each case of a lying disk, how many trials, and what the node did. */
public final class DiskFaultTable {
  private record Row(String file, String fault, int trials, String outcome) {}

  private final List<Row> rows = new ArrayList<>();

  public synchronized void add(String file, String fault, int trials, String outcome) {
    rows.add(new Row(file, fault, trials, outcome));
  }

  public synchronized void print(String title) {
    StringBuilder b = new StringBuilder("\n").append(title).append('\n');
    b.append(String.format("%-28s | %-52s | %6s | %s%n", "file", "fault", "trials", "outcome"));
    for (Row r : rows) {
      b.append(String.format("%-28s | %-52s | %6d | %s%n", r.file(), r.fault(), r.trials(), r.outcome()));
    }
    System.out.print(b);
  }
}
