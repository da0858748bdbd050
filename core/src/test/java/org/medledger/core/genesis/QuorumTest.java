package org.medledger.core.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumTest {
  @Test
  void anyTwoQuorumsShareMoreThanTheFaultyValidatorsForEveryN() {
    for (int n = 1; n <= 200; n++) {
      int f = Quorum.maxFaulty(n);
      int q = Quorum.size(n);
      assertThat(2 * q - n).as("overlap of two quorums of %d for n=%d", q, n).isGreaterThanOrEqualTo(f + 1);
      assertThat(q).as("the honest validators alone form a quorum for n=%d", n).isLessThanOrEqualTo(n - f);
      assertThat(2 * (q - 1) - n).as("q is the smallest such size for n=%d", n).isLessThan(f + 1);
    }
  }

  @Test
  void quorumIsTwoFPlusOneOnlyWhereThatIntersects() {
    assertThat(Quorum.size(4)).isEqualTo(3);
    assertThat(Quorum.size(5)).isEqualTo(4);
    assertThat(Quorum.size(6)).isEqualTo(4);
    assertThat(Quorum.size(7)).isEqualTo(5);
    assertThat(Quorum.size(1)).isEqualTo(1);
    assertThat(Quorum.size(2)).isEqualTo(2);
    assertThat(Quorum.size(3)).isEqualTo(2);
  }

  /** README.md and docs/format.md each hold a table of f and q per n: it must be this rule's. */
  @Test
  void theTablesInTheReadmeAndTheFormatMatchTheRule() throws IOException {
    for (Path doc : new Path[] {Path.of("..", "README.md"), Path.of("..", "docs", "format.md")}) {
      List<String> text = Files.readAllLines(doc);
      List<Integer> ns = row(text, "| validators n |", doc);
      List<Integer> fs = row(text, "| faults tolerated f |", doc);
      List<Integer> qs = row(text, "| quorum q |", doc);
      assertThat(ns).as("%s lists n", doc).isNotEmpty();
      for (int i = 0; i < ns.size(); i++) {
        assertThat(fs.get(i)).as("%s: f for n=%d", doc, ns.get(i)).isEqualTo(Quorum.maxFaulty(ns.get(i)));
        assertThat(qs.get(i)).as("%s: q for n=%d", doc, ns.get(i)).isEqualTo(Quorum.size(ns.get(i)));
      }
    }
  }

  private static List<Integer> row(List<String> text, String prefix, Path doc) {
    String line = text.stream().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError(doc + " has no row " + prefix));
    List<Integer> cells = new ArrayList<>();
    for (String cell : line.substring(prefix.length()).split("\\|")) {
      if (!cell.isBlank()) {
        cells.add(Integer.parseInt(cell.trim()));
      }
    }
    return cells;
  }

  @Test
  void refusesAnEmptyNetwork() {
    assertThatThrownBy(() -> Quorum.size(0)).hasMessageContaining("at least one validator");
  }
}
