package org.medledger.apps.insurance.contract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * An insurance product's benefit schedule, as data (issue 15, item 1). Money in minor units of
 * {@code currency}; {@code coinsuranceBps} is the patient's share after the deductible (2,000: the
 * insurer pays 80 %); {@code annualLimit} the most the insurer pays per policy and calendar year
 * ({@code 0}: none); {@code waitingDays} the days after a policy first starts before services are
 * covered; codes in {@code exclusions} are never covered; codes in {@code reviewCodes}, and claims
 * billing more than {@code pendThreshold} ({@code 0}: none), are pended for the insurer's assessor,
 * who has {@code assessorDeadlineHours} of block time before the claim shows escalated.
 *
 * <pre>
 * string "medledger/insurance/product/v1" ‖ string currency ‖ u64 deductible ‖ u32 coinsuranceBps
 * ‖ u64 annualLimit ‖ u32 waitingDays ‖ u32 n ‖ n × (string category ‖ u32 m ‖ m × string code
 * ‖ u64 perServiceLimit) ‖ u32 e ‖ e × string excluded ‖ u32 r ‖ r × string review
 * ‖ u64 pendThreshold ‖ u32 assessorDeadlineHours
 * </pre>
 * Lists ascending without repeats (benefits by category), so one schedule has one encoding.
 */
public record ProductTerms(
    String currency,
    long deductible,
    int coinsuranceBps,
    long annualLimit,
    int waitingDays,
    List<Benefit> benefits,
    SortedSet<String> exclusions,
    SortedSet<String> reviewCodes,
    long pendThreshold,
    int assessorDeadlineHours) {
  static final String TAG = "medledger/insurance/product/v1";
  static final int MAX_CODES = 256;
  static final int MAX_BENEFITS = 64;
  static final int MAX_WAITING_DAYS = 3_650;
  static final int MAX_DEADLINE_HOURS = 8_760;

  public ProductTerms {
    Objects.requireNonNull(currency, "currency");
    if (!currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code of three upper-case letters, not '" + currency + "'");
    }
    requireAmount(deductible, "deductible");
    requireAmount(annualLimit, "annualLimit");
    requireAmount(pendThreshold, "pendThreshold");
    if (coinsuranceBps < 0 || coinsuranceBps > Money.WHOLE_BPS) {
      throw new IllegalArgumentException("coinsuranceBps must lie in 0..10000 (basis points), not " + coinsuranceBps);
    }
    if (waitingDays < 0 || waitingDays > MAX_WAITING_DAYS) {
      throw new IllegalArgumentException("waitingDays must lie in 0.." + MAX_WAITING_DAYS + ", not " + waitingDays);
    }
    if (assessorDeadlineHours < 1 || assessorDeadlineHours > MAX_DEADLINE_HOURS) {
      throw new IllegalArgumentException("assessorDeadlineHours must lie in 1.." + MAX_DEADLINE_HOURS + ", not "
          + assessorDeadlineHours);
    }
    benefits = List.copyOf(benefits);
    if (benefits.isEmpty() || benefits.size() > MAX_BENEFITS) {
      throw new IllegalArgumentException("a product covers 1 to " + MAX_BENEFITS + " service categories");
    }
    for (int i = 1; i < benefits.size(); i++) {
      if (benefits.get(i - 1).category().compareTo(benefits.get(i).category()) >= 0) {
        throw new IllegalArgumentException("benefits must be in ascending category order without repeats ("
            + benefits.get(i).category() + ")");
      }
    }
    exclusions = codes(exclusions, "exclusion");
    reviewCodes = codes(reviewCodes, "review code");
  }

  private static void requireAmount(long v, String field) {
    if (v < 0) {
      throw new IllegalArgumentException(field + " is negative (" + v + "): amounts are minor units from 0");
    }
  }

  private static SortedSet<String> codes(SortedSet<String> in, String what) {
    TreeSet<String> out = new TreeSet<>(in);
    if (out.size() > MAX_CODES) {
      throw new IllegalArgumentException("at most " + MAX_CODES + " " + what + "s");
    }
    for (String c : out) {
      requireCode(c, what);
    }
    return Collections.unmodifiableSortedSet(out);
  }

  /**
   * 1-32 characters of {@code A-Z a-z 0-9 . _ -}, the first a letter or digit. A loop, not a
   * pattern: every code of a product and every line of a claim is checked on each validator.
   */
  static boolean isCode(String code) {
    if (code == null || code.isEmpty() || code.length() > 32) {
      return false;
    }
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  static void requireCode(String code, String what) {
    if (!isCode(code)) {
      throw new IllegalArgumentException(what + " '" + code + "' must be 1-32 characters of A-Z a-z 0-9 . _ -, starting"
          + " with a letter or digit");
    }
  }

  /** The benefit covering {@code category}, if the product covers it. */
  public Optional<Benefit> benefit(String category) {
    for (Benefit b : benefits) {
      if (b.category().equals(category)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(256).string(TAG).string(currency).u64(deductible).u32(coinsuranceBps)
        .u64(annualLimit).u32(waitingDays).u32(benefits.size());
    for (Benefit b : benefits) {
      w.string(b.category()).u32(b.codes().size());
      b.codes().forEach(w::string);
      w.u64(b.perServiceLimit());
    }
    w.u32(exclusions.size());
    exclusions.forEach(w::string);
    w.u32(reviewCodes.size());
    reviewCodes.forEach(w::string);
    return w.u64(pendThreshold).u32(assessorDeadlineHours).toByteArray();
  }

  /** Decodes a schedule, refusing any encoding but the canonical one and naming what is wrong. */
  public static ProductTerms decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    String tag = r.string("product.tag", 64);
    if (!TAG.equals(tag)) {
      throw new DecodeException("product.tag: expected '" + TAG + "', got '" + tag + "'");
    }
    try {
      String currency = r.string("product.currency", 8);
      long deductible = r.u64("product.deductible");
      int coinsurance = r.u32("product.coinsuranceBps");
      long annual = r.u64("product.annualLimit");
      int waiting = r.u32("product.waitingDays");
      int n = r.count("product.benefits", MAX_BENEFITS);
      List<Benefit> benefits = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String category = r.string("product.benefit.category", 32);
        benefits.add(new Benefit(category, readCodes(r, "product.benefit.codes"), r.u64("product.benefit.perServiceLimit")));
      }
      SortedSet<String> exclusions = readCodes(r, "product.exclusions");
      SortedSet<String> review = readCodes(r, "product.reviewCodes");
      long pend = r.u64("product.pendThreshold");
      int hours = r.u32("product.assessorDeadlineHours");
      r.expectEnd("product");
      ProductTerms t = new ProductTerms(currency, deductible, coinsurance, annual, waiting, benefits, exclusions, review,
          pend, hours);
      if (!Arrays.equals(t.encode(), bytes)) {
        throw new DecodeException("product: not in canonical form (lists must be ascending without repeats)");
      }
      return t;
    } catch (IllegalArgumentException e) {
      throw new DecodeException("product: " + e.getMessage());
    }
  }

  private static SortedSet<String> readCodes(CanonicalReader r, String field) {
    int m = r.count(field, MAX_CODES);
    TreeSet<String> codes = new TreeSet<>();
    for (int j = 0; j < m; j++) {
      codes.add(r.string(field, 32));
    }
    return codes;
  }
}
