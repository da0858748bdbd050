package org.medledger.apps.insurance.contract;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/** A sample product, claim lines and their encodings, as a hospital's and an insurer's node would build them. */
final class Fixtures {
  static final byte[] SALT = "network line salt for tests, 32B".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private Fixtures() {}

  /**
   * EUR; deductible 100.00; the patient bears 20 % after it; annual limit 10,000.00; 30 days'
   * waiting; inpatient (any code), outpatient (99213 and 99214, at most 500.00 a line), surgery
   * (any code); COSMETIC-01 excluded; TRANSPLANT reviewed; claims above 5,000.00 pended; 72 hours.
   */
  static ProductTerms product() {
    return product(1_000_000);
  }

  static ProductTerms product(long annualLimit) {
    return new ProductTerms("EUR", 10_000, 2_000, annualLimit, 30, List.of(
        new Benefit("inpatient", new TreeSet<>(), 0),
        new Benefit("outpatient", new TreeSet<>(Set.of("99213", "99214")), 50_000),
        new Benefit("surgery", new TreeSet<>(), 0)),
        new TreeSet<>(Set.of("COSMETIC-01")), new TreeSet<>(Set.of("TRANSPLANT")), 500_000, 72);
  }

  static String hex(ProductTerms t) {
    return Hex.encode(t.encode());
  }

  static ClaimLine line(Hash patient, String provider, String category, String code, int quantity, long unit, String date) {
    return new ClaimLine(category, code, quantity, unit, date, provider,
        LineHash.of(InsuranceTestLedger.SUITE.hash(), SALT, patient, provider, date, code), List.of());
  }

  static String hex(List<ClaimLine> lines) {
    return Hex.encode(ClaimLine.encode(lines));
  }

  /** The discharge bill of the flow test: five lines, 2,260.00 billed. */
  static List<ClaimLine> discharge(Hash patient, String date) {
    return List.of(
        line(patient, "hospital-a", "inpatient", "WARD-DAY", 3, 20_000, date),
        line(patient, "hospital-a", "outpatient", "99213", 1, 60_000, date),
        line(patient, "hospital-a", "surgery", "COSMETIC-01", 1, 100_000, date),
        line(patient, "hospital-a", "dental", "D100", 1, 5_000, date),
        line(patient, "hospital-a", "outpatient", "99999", 1, 1_000, date));
  }
}
