package org.medledger.apps.insurance.contract;

import org.medledger.core.runtime.Weight;
import org.medledger.core.tx.Transaction;

/**
 * What an insurance transaction weighs before it runs, from its arguments alone: a claim writes
 * a few keys and one usage key per year it touches; a payment writes each claim and each of its
 * lines' paid totals, so it weighs as its claims at the most lines a claim may hold.
 */
final class InsuranceWeights {
  static final Weight FEW = Weight.of("one", tx -> 1);
  static final Weight PER_CLAIM = Weight.of("one, and per claim its most lines", InsuranceWeights::paymentWeight);

  private InsuranceWeights() {}

  private static long paymentWeight(Transaction tx) {
    long claims = tx.args().get("claims").map(v -> v.chars().filter(c -> c == ',').count() + 1).orElse(0L);
    return 1 + claims * (ClaimLine.MAX_LINES + 1);
  }
}
