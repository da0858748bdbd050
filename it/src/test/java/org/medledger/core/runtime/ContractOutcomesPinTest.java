package org.medledger.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;

/**
 * Issue 14, item 3: every outcome's code and message is committed in its block's log leaf, so
 * moving the contracts onto declared methods must not change one text, nor which of two faults a
 * transaction is refused for. This runs, for every contract and method of the release, crafted
 * transactions through {@link BlockExecutor} — the baseline, each argument missing, empty or not
 * hex, pairs of faults, an extra argument, every role, unknown methods — and every query, and
 * compares code, message and weight with {@code contract-outcomes.txt}, generated from the code
 * before the conversion. Values that change from run to run (transaction and certificate ids,
 * keys made at run time) are written as labels.
 *
 * <p>Regenerate only for a deliberate, reviewed change of consensus bytes:
 * {@code -Dmedledger.pin.regenerate=true}.
 */
class ContractOutcomesPinTest {
  static final Path GOLDEN = Path.of("src/test/resources/org/medledger/core/runtime/contract-outcomes.txt");
  static final List<String> CORRUPTIONS = List.of("", "zz", "abc", "00");

  final PinnedLedger ledger = new PinnedLedger();

  @Test
  void everyContractRefusesAndAnswersExactlyAsPinned() throws IOException {
    List<String> lines = new ArrayList<>();
    for (PinnedLedger.Crafted c : ledger.crafted()) {
      craft(c, lines);
    }
    for (String contract : ledger.contractNames()) {
      for (String method : List.of("nosuch", "Anchor", "register ", "log", "submit", "ship", "status")) {
        if (ledger.crafted().stream().noneMatch(c -> c.contract().equals(contract) && c.method().equals(method))) {
          lines.add(line(contract + "." + method + " [unknown method]", ledger.run(ledger.defaultCaller(contract), contract,
              method, new String[0])));
        }
      }
    }
    for (PinnedLedger.Query q : ledger.queries()) {
      lines.add(ledger.normalise("query " + q.contract() + "." + q.method() + " " + Args.of(q.args())) + " -> " + ledger.query(q));
    }
    if (Boolean.getBoolean("medledger.pin.regenerate")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return;
    }
    List<String> pinned = Files.readAllLines(GOLDEN, StandardCharsets.UTF_8);
    for (int i = 0; i < Math.min(pinned.size(), lines.size()); i++) {
      if (!pinned.get(i).equals(lines.get(i))) {
        fail("line " + (i + 1) + " changed:\n  pinned: " + pinned.get(i) + "\n  now:    " + lines.get(i));
      }
    }
    assertThat(lines).hasSameSizeAs(pinned);
  }

  private void craft(PinnedLedger.Crafted c, List<String> out) {
    String name = c.contract() + "." + c.method();
    String[] base = c.args();
    out.add(line(name + " [baseline]", ledger.run(c.by(), c.contract(), c.method(), base)));
    out.add(line(name + " [extra argument]", ledger.run(c.by(), c.contract(), c.method(), with(base, "zzUnexpected", "1"))));
    out.add(line(name + " [no arguments]", ledger.run(c.by(), c.contract(), c.method(), new String[0])));
    int n = base.length / 2;
    for (int i = 0; i < n; i++) {
      String arg = base[2 * i];
      out.add(line(name + " [without " + arg + "]", ledger.run(c.by(), c.contract(), c.method(), without(base, i))));
      for (String bad : CORRUPTIONS) {
        out.add(line(name + " [" + arg + "='" + bad + "']", ledger.run(c.by(), c.contract(), c.method(), replaced(base, i, bad))));
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          String[] twoFaults = without(replaced(base, i, "zz"), j);
          out.add(line(name + " [" + base[2 * i] + "='zz' and without " + base[2 * j] + "]",
              ledger.run(c.by(), c.contract(), c.method(), twoFaults)));
        }
      }
    }
    for (Caller who : ledger.everyRole()) {
      out.add(line(name + " [as " + who.name() + "]", ledger.run(who, c.contract(), c.method(), base)));
      out.add(line(name + " [as " + who.name() + ", no arguments]", ledger.run(who, c.contract(), c.method(), new String[0])));
    }
  }

  private static String line(String label, PinnedLedger.Ran r) {
    return label + " -> " + r.outcome().code() + ": " + r.message() + " | weight " + r.weight();
  }

  private static String[] with(String[] base, String key, String value) {
    String[] out = java.util.Arrays.copyOf(base, base.length + 2);
    out[base.length] = key;
    out[base.length + 1] = value;
    return out;
  }

  private static String[] without(String[] base, int index) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < base.length / 2; i++) {
      if (i != index) {
        out.add(base[2 * i]);
        out.add(base[2 * i + 1]);
      }
    }
    return out.toArray(String[]::new);
  }

  private static String[] replaced(String[] base, int index, String value) {
    String[] out = base.clone();
    out[2 * index + 1] = value;
    return out;
  }

  /** Keeps a query's answer or refusal as text, for the pinned file. */
  static String describe(SortedMap<String, String> answer) {
    Map<String, String> shown = new LinkedHashMap<>(answer);
    return "ok " + shown;
  }

  static String describe(Transaction tx) {
    return tx.contract() + "." + tx.method();
  }
}
