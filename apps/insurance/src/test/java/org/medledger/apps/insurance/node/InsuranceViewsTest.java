package org.medledger.apps.insurance.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medledger.apps.insurance.contract.Adjudication;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.LineReason;
import org.medledger.apps.insurance.contract.LineResult;
import org.medledger.crypto.Hash;

/** A claim's JSON: minor units in the currency's own digits, a regulator's view without lines, a pended claim past its deadline escalated. */
class InsuranceViewsTest {
  @Test
  void amountsUseTheCurrencysOwnMinorUnitDigitsExactly() {
    assertThat(InsuranceViews.amount(146_000, "EUR")).isEqualTo("1460.00 EUR");
    assertThat(InsuranceViews.amount(5, "EUR")).isEqualTo("0.05 EUR");
    assertThat(InsuranceViews.amount(500, "JPY")).isEqualTo("500 JPY");
    assertThat(InsuranceViews.amount(1_234, "KWD")).isEqualTo("1.234 KWD");
    assertThat(InsuranceViews.amount(Long.MAX_VALUE, "EUR")).isEqualTo("92233720368547758.07 EUR");
  }

  @Test
  void theRegulatorSeesNoLinesAndAPendedClaimPastItsDeadlineShowsEscalated() {
    ClaimLine line = new ClaimLine("surgery", "KNEE-01", 1, 800_000, "2027-03-11", "hospital-a", Hash.ZERO, List.of());
    Claim c = new Claim(Hash.ZERO, Hash.ZERO, "insurer-a", Hash.ZERO, "hospital-a", Hash.ZERO, "EUR", List.of(line),
        new Adjudication(List.of(new LineResult(LineReason.COVERED, 800_000, 800_000, 0, 160_000, 0, 640_000, 160_000))),
        ClaimStatus.PENDED, 1_000, 2_000, "above the product's threshold", "", Hash.ZERO);
    Map<String, Object> full = InsuranceViews.claim(c, 1_500, true);
    assertThat(full.get("status")).isEqualTo("pended");
    assertThat(full).containsKey("lines");
    @SuppressWarnings("unchecked")
    Map<String, Object> money = (Map<String, Object>) full.get("money");
    assertThat(money.get("inWords")).isEqualTo("Billed 8000.00 EUR; paid by your insurer 6400.00 EUR; you owe 1600.00 EUR.");
    Map<String, Object> metadata = InsuranceViews.claim(c, 2_001, false);
    assertThat(metadata).doesNotContainKey("lines");
    assertThat(metadata.get("status")).isEqualTo("escalated");
  }
}
