package org.medledger.apps.insurance.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.medledger.apps.insurance.contract.ProductTerms;

/** A product's schedule as the CLI reads it: what is written is what is published, and bad input is named. */
class ProductTermsJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aScheduleReadsAsWrittenWithBenefitsInCategoryOrderAndDefaultsForWhatIsLeftOut() throws Exception {
    ProductTerms t = ProductTermsJson.parse(JSON.readTree("{\"currency\": \"EUR\", \"deductible\": 10000, \"coinsuranceBps\":"
        + " 2000, \"benefits\": [{\"category\": \"surgery\", \"perServiceLimit\": 500000}, {\"category\": \"inpatient\","
        + " \"codes\": [\"WARD-DAY\"]}], \"exclusions\": [\"COSMETIC-01\"], \"pendThreshold\": 100000}"));
    assertThat(t.currency()).isEqualTo("EUR");
    assertThat(t.deductible()).isEqualTo(10_000);
    assertThat(t.benefits()).extracting(b -> b.category()).containsExactly("inpatient", "surgery");
    assertThat(t.benefit("surgery").orElseThrow().perServiceLimit()).isEqualTo(500_000);
    assertThat(t.benefit("inpatient").orElseThrow().codes()).containsExactly("WARD-DAY");
    assertThat(t.exclusions()).containsExactly("COSMETIC-01");
    assertThat(t.annualLimit()).isZero();
    assertThat(t.assessorDeadlineHours()).isEqualTo(72);
    assertThat(ProductTerms.decode(t.encode())).isEqualTo(t);
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    assertThat(refusal("[]")).contains("JSON object");
    assertThat(refusal("{\"currency\": \"EUR\", \"deductible\": 0, \"coinsuranceBps\": 2000}")).contains("benefits");
    assertThat(refusal("{\"currency\": \"EUR\", \"deductible\": 1.5, \"coinsuranceBps\": 2000, \"benefits\": []}"))
        .contains("deductible").contains("not a whole number");
    assertThat(refusal("{\"currency\": \"EUR\", \"coinsuranceBps\": 2000, \"benefits\": []}")).contains("deductible")
        .contains("required");
    assertThat(refusal("{\"currency\": 978, \"deductible\": 0, \"coinsuranceBps\": 2000, \"benefits\": []}"))
        .contains("currency");
    assertThat(refusal("{\"currency\": \"EUR\", \"deductible\": 0, \"coinsuranceBps\": 2000, \"benefits\": [{\"category\":"
        + " \"surgery\", \"perServiceLimit\": \"lots\"}]}")).contains("benefits[0].perServiceLimit");
    assertThat(refusal("{\"currency\": \"EUR\", \"deductible\": -1, \"coinsuranceBps\": 2000, \"benefits\": [{\"category\":"
        + " \"surgery\"}]}")).contains("deductible is negative");
    assertThat(refusal("{\"currency\": \"EUR\", \"deductible\": 0, \"coinsuranceBps\": 2000, \"benefits\": [{\"category\":"
        + " \"surgery\"}], \"exclusions\": [7]}")).contains("exclusions");
    assertThat(refusal("{\"currency\": \"EUR\", \"deductible\": 0, \"coinsuranceBps\": 99999999999, \"benefits\":"
        + " [{\"category\": \"surgery\"}]}")).contains("coinsuranceBps");
  }

  private static String refusal(String json) {
    try {
      ProductTermsJson.parse(JSON.readTree(json));
    } catch (Exception e) {
      assertThat(e).isInstanceOf(IllegalArgumentException.class);
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + json);
  }
}
