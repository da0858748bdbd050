package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugsContract.MAX_SERIALS_PER_TRANSACTION;

import org.medledger.core.runtime.Weight;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;

/**
 * What a drugs transaction weighs before it runs, for filling blocks: read from its arguments
 * alone, so every validator weighs it alike. What it really touches is metered as it runs
 * ({@code WorkLimits}).
 */
final class DrugWeights {
  /** A case named in an event is weighed as this many packs (its contents are not known without state). */
  static final int CASE_WEIGHT = 100;
  static final Weight PER_ITEM = Weight.of("per serial, pack, child and case named",
      tx -> eventWeight(tx.method(), tx.args()));
  static final Weight PER_SCAN = Weight.of("one per scan line, and one", DrugWeights::scansWeight);
  static final Weight PER_CAPTURED_EVENT = Weight.of("one, and each event's", DrugWeights::captureWeight);

  private DrugWeights() {}

  /**
   * One per serial, child or scan an event names (each is a state write or two), a case, an
   * unpacking of a whole case and an error declaration as {@value #CASE_WEIGHT}.
   */
  private static long captureWeight(Transaction tx) {
    try {
      long w = 1;
      for (DrugEvent e : DrugEvent.decodeList(tx.args().get("events").orElse(""), DrugArgs.MAX_CAPTURE_VALUE_BYTES)) {
        w += eventWeight(e.method(), e.args());
      }
      return w;
    } catch (RuntimeException e) {
      return 1; // refused when it runs
    }
  }

  private static long scansWeight(Transaction tx) {
    return 1 + tx.args().get("scans").map(v -> v.chars().filter(c -> c == '\n').count() + 1).orElse(0L);
  }

  private static long eventWeight(String method, Args a) {
    long w = 1;
    if ((method.equals("disaggregate") && a.get("children").isEmpty()) || method.equals("declareError")) {
      w += CASE_WEIGHT; // rewrites what the case or the declared event reached: known only from state
    }
    String spec = a.get("serials").orElse("");
    int dots = spec.indexOf("..");
    if (dots > 0 && !spec.contains(",")) {
      try {
        w += Math.max(0, Math.min(MAX_SERIALS_PER_TRANSACTION, Long.parseLong(spec.substring(dots + 2)) - Long.parseLong(spec.substring(0, dots)) + 1));
      } catch (NumberFormatException e) {
        // refused when it runs
      }
    } else if (!spec.isEmpty()) {
      w += spec.chars().filter(c -> c == ',').count() + 1;
    }
    String packs = a.get("packs").orElse("");
    if (!packs.isEmpty()) {
      w += packs.chars().filter(c -> c == ',').count() + 1;
    }
    String children = a.get("children").orElse("");
    if (!children.isEmpty()) {
      w += children.chars().filter(c -> c == ',').count() + 1;
    }
    String cases = a.get("cases").orElse("");
    if (!cases.isEmpty()) {
      w += CASE_WEIGHT * (cases.chars().filter(c -> c == ',').count() + 1);
    }
    return w;
  }
}
