package org.medledger.apps.insurance.node.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.medledger.apps.insurance.contract.Adjudication;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.LineReason;
import org.medledger.apps.insurance.contract.LineResult;
import org.medledger.apps.insurance.contract.Payment;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.apps.insurance.contract.PolicyStatus;
import org.medledger.apps.insurance.contract.PolicyTerm;
import org.medledger.crypto.Hash;
import org.medledger.fhirconformance.FhirConformance;

/**
 * Every insurance resource the façade serves passes HAPI's FHIR R4 instance validator with no
 * error, in every state a claim can be in (adjudicated with a line not covered, pended, escalated,
 * approved, denied, paid, withdrawn), in the full view and the regulator's, and for a policy, a
 * transferred and cancelled one, and a payment. The money is exact: 1,460 minor units of EUR are
 * 14.60, of JPY 1460, never a binary fraction.
 */
class InsuranceFhirViewsTest {
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  static final long T0 = 1_796_000_000_000L;
  static final Hash PATIENT = Hash.of(bytes(1));
  static final Hash RECORD = Hash.of(bytes(7));

  @Test
  void everyResourceOfEveryClaimStateIsValidFhirR4() throws Exception {
    Map<String, JsonNode> seen = new TreeMap<>();
    for (ClaimStatus status : ClaimStatus.values()) {
      Claim c = claim(status, "EUR");
      Optional<Payment> paid = status == ClaimStatus.PAID ? Optional.of(payment(c)) : Optional.empty();
      for (boolean full : new boolean[] {true, false}) {
        for (Resource r : List.of(ClaimView.of(c, full), ClaimResponseView.of(c, T0, full),
            ExplanationOfBenefitView.of(c, paid, T0, full))) {
          seen.put(r.fhirType() + "/" + status + "/" + full, valid(r));
        }
      }
    }
    // Past its deadline a pended claim says it was escalated; it stays queued.
    JsonNode escalated = valid(ClaimResponseView.of(claim(ClaimStatus.PENDED, "EUR"), T0 + 100 * 3_600_000L, true));
    assertThat(escalated.path("outcome").asText()).isEqualTo("queued");
    assertThat(escalated.path("disposition").asText()).contains("escalated");

    JsonNode eob = seen.get("ExplanationOfBenefit/ADJUDICATED/true");
    assertThat(eob.path("outcome").asText()).isEqualTo("complete");
    assertThat(amounts(eob.path("total"))).containsExactly("submitted=1460.00", "eligible=1060.00", "deductible=100.00",
        "coinsurance=192.00", "benefit=768.00", "memberliability=692.00");
    // Served as written: the decimal keeps the currency's two digits.
    assertThat(new String(InsuranceFhirJson.write(ExplanationOfBenefitView.of(claim(ClaimStatus.ADJUDICATED, "EUR"),
        Optional.empty(), T0, true)), java.nio.charset.StandardCharsets.UTF_8)).contains("\"value\":1460.00,");
    JsonNode cosmetic = eob.path("item").path(1);
    assertThat(amounts(cosmetic.path("adjudication"))).contains("benefit=0.00", "memberliability=400.00");
    assertThat(reason(cosmetic)).isEqualTo("excluded");
    assertThat(reason(eob.path("item").path(0))).isEqualTo("covered");
    assertThat(eob.path("insurance").path(0).path("coverage").path("reference").asText()).startsWith("Coverage/");

    JsonNode pended = seen.get("ClaimResponse/PENDED/true");
    assertThat(pended.path("outcome").asText()).isEqualTo("queued");
    assertThat(pended.path("disposition").asText()).contains("to be decided by");
    assertThat(amounts(pended.path("total"))).containsExactly("submitted=1460.00");
    assertThat(reason(pended.path("item").path(0))).isEqualTo("pended");

    JsonNode denied = seen.get("ExplanationOfBenefit/DENIED/true");
    assertThat(denied.path("disposition").asText()).isEqualTo("Denied by the insurer's assessor: not medically necessary");
    assertThat(amounts(denied.path("total"))).contains("benefit=0.00", "memberliability=1460.00");

    JsonNode paid = seen.get("ExplanationOfBenefit/PAID/true");
    assertThat(paid.path("payment").path("amount").path("value").decimalValue()).isEqualByComparingTo("768.00");
    assertThat(paid.path("payment").path("identifier").path("value").asText()).isEqualTo("SEPA-2026-0042");

    assertThat(seen.get("ClaimResponse/WITHDRAWN/true").path("status").asText()).isEqualTo("cancelled");
    JsonNode claim = seen.get("Claim/ADJUDICATED/true");
    assertThat(claim.path("supportingInfo").path(0).path("valueReference").path("reference").asText())
        .isEqualTo("DocumentReference/" + RECORD.hex());
    assertThat(claim.path("item").path(0).path("informationSequence").path(0).asInt()).isEqualTo(1);
    // The regulator's view: parties, status, dates and totals, never the services.
    for (String type : List.of("Claim", "ClaimResponse", "ExplanationOfBenefit")) {
      JsonNode metadata = seen.get(type + "/ADJUDICATED/false");
      assertThat(metadata.has("item")).as(type).isFalse();
      assertThat(metadata.has("supportingInfo")).as(type).isFalse();
      assertThat(metadata.toString()).as(type).doesNotContain("COSMETIC").doesNotContain(RECORD.hex());
    }
  }

  @Test
  void aPolicyAndAPaymentAreValidFhirR4() throws Exception {
    long day = LocalDate.parse("2026-12-01").toEpochDay();
    Policy active = new Policy(Hash.of(bytes(3)), "insurer-a", "basic", PATIENT, PATIENT, "", List.of(
        new PolicyTerm(day, day + 365, 1)), PolicyStatus.ACTIVE, 0, 1);
    JsonNode coverage = valid(CoverageView.of(active));
    assertThat(coverage.path("period").path("start").asText()).isEqualTo("2026-12-01");
    assertThat(coverage.path("period").path("end").asText()).isEqualTo("2027-11-30");
    assertThat(coverage.path("relationship").path("coding").path(0).path("code").asText()).isEqualTo("self");
    Policy movedAndCancelled = new Policy(Hash.of(bytes(4)), "insurer-a", "basic", PATIENT, Hash.of(bytes(2)), "acme-staff",
        List.of(new PolicyTerm(day, day + 365, 1), new PolicyTerm(day + 365, day + 730, 2)), PolicyStatus.CANCELLED, day + 400, 3);
    JsonNode cancelled = valid(CoverageView.of(movedAndCancelled));
    assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.path("period").path("end").asText()).isEqualTo(LocalDate.ofEpochDay(day + 399).toString());
    assertThat(cancelled.path("class")).hasSize(2);

    Claim c = claim(ClaimStatus.PAID, "JPY");
    JsonNode payment = valid(PaymentReconciliationView.of(payment(c), id -> Optional.of(c)));
    assertThat(payment.path("paymentAmount").path("value").decimalValue()).isEqualByComparingTo("76800");
    assertThat(payment.path("paymentAmount").path("currency").asText()).isEqualTo("JPY");
    assertThat(payment.path("detail").path(0).path("request").path("reference").asText()).isEqualTo("Claim/" + c.id().hex());
    assertThat(payment.path("paymentIdentifier").path("value").asText()).isEqualTo("SEPA-2026-0042");
  }

  @Test
  void moneyIsExactInTheCurrencysOwnDigits() {
    assertThat(FhirTerms.money(1460, "EUR").getValue().toPlainString()).isEqualTo("14.60");
    assertThat(FhirTerms.money(1460, "JPY").getValue().toPlainString()).isEqualTo("1460");
    assertThat(FhirTerms.money(1460, "KWD").getValue().toPlainString()).isEqualTo("1.460");
    assertThat(FhirTerms.money(Long.MAX_VALUE, "EUR").getValue().toPlainString()).isEqualTo("92233720368547758.07");
  }

  static JsonNode valid(Resource r) throws Exception {
    String json = new String(InsuranceFhirJson.write(r), java.nio.charset.StandardCharsets.UTF_8);
    FhirConformance.assertValid(json);
    return JSON.readTree(json);
  }

  static List<String> amounts(JsonNode adjudications) {
    List<String> out = new ArrayList<>();
    adjudications.forEach(a -> out.add(a.path("category").path("coding").path(0).path("code").asText() + "="
        + a.path("amount").path("value").decimalValue().setScale(2).toPlainString()));
    return out;
  }

  static String reason(JsonNode item) {
    for (JsonNode a : item.path("adjudication")) {
      if (a.has("reason")) {
        return a.path("reason").path("coding").path(0).path("code").asText();
      }
    }
    return null;
  }

  /** 2 ward days at 530.00 and a cosmetic line of 400.00: 100.00 deductible, the insurer 80 % of the rest. */
  static Claim claim(ClaimStatus status, String currency) {
    String day = "2026-12-02";
    List<ClaimLine> lines = List.of(
        new ClaimLine("inpatient", "WARD-DAY", 2, 53_000, day, "hospital-a", Hash.of(bytes(5)), List.of(RECORD)),
        new ClaimLine("inpatient", "COSMETIC-01", 1, 40_000, day, "hospital-a", Hash.of(bytes(6)), List.of(RECORD)));
    Adjudication a = new Adjudication(List.of(
        new LineResult(LineReason.COVERED, 106_000, 106_000, 10_000, 19_200, 0, 76_800, 29_200),
        new LineResult(LineReason.EXCLUDED, 40_000, 0, 0, 0, 0, 0, 40_000)));
    boolean pended = status == ClaimStatus.PENDED || status == ClaimStatus.DENIED;
    String decision = switch (status) {
      case DENIED -> "not medically necessary";
      case APPROVED -> "reviewed: the stay was needed";
      default -> "";
    };
    return new Claim(Hash.of(bytes(9)), Hash.of(bytes(3)), "insurer-a", PATIENT, "hospital-a", Hash.of(bytes(8)), currency,
        lines, a, status, T0, pended ? T0 + 72 * 3_600_000L : 0, pended ? "billed above the product's threshold" : "",
        decision, status == ClaimStatus.PAID ? Hash.of(bytes(10)) : Hash.ZERO);
  }

  static Payment payment(Claim c) {
    return new Payment(Hash.of(bytes(10)), "insurer-a", "hospital-a", c.currency(), c.adjudication().insurerPays(),
        List.of(c.id()), "SEPA-2026-0042", 12, T0 + 86_400_000L);
  }

  static byte[] bytes(int fill) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }
}
