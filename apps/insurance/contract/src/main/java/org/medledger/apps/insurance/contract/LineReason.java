package org.medledger.apps.insurance.contract;

import java.util.Locale;

/**
 * Why a claim line was paid as it was (docs/insurance.md, "Reason codes"): one code per line, the
 * amounts showing the rest (deductible, coinsurance). A covered line names the last rule that cut
 * what the insurer pays.
 */
public enum LineReason {
  /** Covered: the insurer pays the allowed amount less the deductible and the patient's coinsurance. */
  COVERED(true),
  /** Covered, the allowed amount cut to the benefit's per-service limit. */
  SERVICE_LIMIT(true),
  /** Covered, the insurer's payment cut by what is left of the policy year's annual limit. */
  ANNUAL_LIMIT(true),
  /** Covered, the insurer's payment cut to what other insurers have not already paid of the billed amount. */
  OTHER_PAYER(true),
  /** Not covered: the product covers no service of this category. */
  CATEGORY_NOT_COVERED(false),
  /** Not covered: the category is covered, but not this code. */
  CODE_NOT_COVERED(false),
  /** Not covered: the product excludes this code (e.g. a cosmetic procedure). */
  EXCLUDED(false);

  private final boolean covered;

  LineReason(boolean covered) {
    this.covered = covered;
  }

  public boolean covered() {
    return covered;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
