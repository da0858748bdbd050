package org.medledger.apps.insurance.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;
import org.medledger.crypto.Hash;

/**
 * Adjudicates a claim's lines against a product's schedule (issue 15, item 2): pure, so every
 * validator computes the same figures from the same inputs. Lines are judged in the claim's
 * order, each under the calendar year of its date of service, and each line's deductible and
 * payment count against that year before the next line is judged. Per line:
 *
 * <ol>
 *   <li>a category the product does not cover, an excluded code, or a code its category does not
 *       list: not covered, the patient owes what no other payer paid;
 *   <li>else allowed = billed, cut to the benefit's per-service limit;
 *   <li>the deductible left this year comes off the allowed amount first;
 *   <li>of the rest the insurer pays (10,000 − coinsurance) basis points, rounded down; the
 *       patient's coinsurance is the remainder;
 *   <li>the insurer's payment is cut to what is left of the annual limit, then to what other
 *       insurers have not already paid of the billed amount (coordination of benefits).
 * </ol>
 */
public final class Adjudicator {
  /** The adjudication and each calendar year's usage after it (only the years its lines touched). */
  public record Result(Adjudication adjudication, TreeMap<Integer, YearUsage> usage) {}

  private Adjudicator() {}

  /**
   * @param usage the policy's usage of a calendar year before this claim
   * @param otherPaid what insurers have already paid of a line hash
   */
  public static Result adjudicate(ProductTerms terms, List<ClaimLine> lines, IntFunction<YearUsage> usage,
      ToLongFunction<Hash> otherPaid) {
    TreeMap<Integer, YearUsage> years = new TreeMap<>();
    List<LineResult> results = new ArrayList<>();
    for (ClaimLine line : lines) {
      long billed = line.billed();
      long other = Math.min(billed, otherPaid.applyAsLong(line.lineHash()));
      var benefit = terms.benefit(line.category());
      if (benefit.isEmpty()) {
        results.add(LineResult.notCovered(LineReason.CATEGORY_NOT_COVERED, billed, other));
        continue;
      }
      if (terms.exclusions().contains(line.code())) {
        results.add(LineResult.notCovered(LineReason.EXCLUDED, billed, other));
        continue;
      }
      if (!benefit.get().coversCode(line.code())) {
        results.add(LineResult.notCovered(LineReason.CODE_NOT_COVERED, billed, other));
        continue;
      }
      LineReason reason = LineReason.COVERED;
      long allowed = billed;
      long cap = benefit.get().perServiceLimit();
      if (cap > 0 && allowed > cap) {
        allowed = cap;
        reason = LineReason.SERVICE_LIMIT;
      }
      int year = yearOf(line);
      YearUsage used = years.computeIfAbsent(year, usage::apply);
      long deductible = Math.min(allowed, Math.max(0, terms.deductible() - used.deductibleMet()));
      long afterDeductible = allowed - deductible;
      long insurerShare = Money.share(afterDeductible, Money.WHOLE_BPS - terms.coinsuranceBps());
      long coinsurance = afterDeductible - insurerShare;
      long pays = insurerShare;
      if (terms.annualLimit() > 0) {
        long left = Math.max(0, terms.annualLimit() - used.insurerPaid());
        if (pays > left) {
          pays = left;
          reason = LineReason.ANNUAL_LIMIT;
        }
      }
      if (pays > billed - other) {
        pays = billed - other;
        reason = LineReason.OTHER_PAYER;
      }
      results.add(new LineResult(reason, billed, allowed, deductible, coinsurance, other, pays, billed - other - pays));
      years.put(year, used.plus(deductible, pays));
    }
    return new Result(new Adjudication(results), years);
  }

  static int yearOf(ClaimLine line) {
    return ServiceDate.yearOf(line.dateOfService());
  }
}
