package org.medledger.apps.insurance.contract;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;

/**
 * What one policy has used in one calendar year: the deductible met and what the insurer has
 * paid (or committed to pay, for adjudicated and approved claims), against the product's
 * deductible and annual limit. {@code u64 deductibleMet ‖ u64 insurerPaid}.
 */
public record YearUsage(long deductibleMet, long insurerPaid) {
  public static final YearUsage NONE = new YearUsage(0, 0);

  public YearUsage {
    if (deductibleMet < 0 || insurerPaid < 0) {
      throw new IllegalArgumentException("a year's usage is never negative");
    }
  }

  YearUsage plus(long deductible, long paid) {
    return new YearUsage(Math.addExact(deductibleMet, deductible), Math.addExact(insurerPaid, paid));
  }

  YearUsage minus(long deductible, long paid) {
    return new YearUsage(Math.max(0, deductibleMet - deductible), Math.max(0, insurerPaid - paid));
  }

  public byte[] encode() {
    return new CanonicalWriter(16).u64(deductibleMet).u64(insurerPaid).toByteArray();
  }

  public static YearUsage decode(byte[] b) {
    CanonicalReader r = new CanonicalReader(b);
    YearUsage u = new YearUsage(r.u64("usage.deductibleMet"), r.u64("usage.insurerPaid"));
    r.expectEnd("usage");
    return u;
  }
}
