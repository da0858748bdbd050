package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/**
 * Issue 15's story through the real contract: a product, a policy, a discharge billed directly
 * and adjudicated line by line, a large claim pended and approved, the insurer's payment, and a
 * second insurer paying only what the first left of a line (coordination of benefits).
 */
class InsuranceFlowTest {
  final InsuranceTestLedger ledger = new InsuranceTestLedger();
  final Hash patient = ledger.registerPatient(InsuranceTestLedger.newPatientKey(1), ledger.clinician);

  Hash policy() {
    ledger.ok(ledger.insurer, "publishProduct", "product", "basic", "terms", Fixtures.hex(Fixtures.product()));
    return ledger.ok(ledger.insurer, "issuePolicy", "product", "basic", "patient", patient.hex(), "start", "2027-01-04",
        "end", "2028-01-04");
  }

  @Test
  void adjudicatesEachLineAgainstTheScheduleWithDeductibleCoinsuranceLimitsAndReasons() {
    Hash policy = policy();
    ledger.today(LocalDate.of(2027, 3, 12));
    Hash id = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(Fixtures.discharge(patient, "2027-03-10")));
    Claim c = ledger.claim(id);
    assertThat(c.status()).isEqualTo(ClaimStatus.ADJUDICATED);
    assertThat(c.submitter()).isEqualTo("hospital-a");
    assertThat(c.submitterCertificate()).isEqualTo(ledger.clinician.certificateId());
    assertThat(c.adjudication().lines()).containsExactly(
        // 600.00 billed: the 100.00 deductible first, then 80 % of 500.00.
        new LineResult(LineReason.COVERED, 60_000, 60_000, 10_000, 10_000, 0, 40_000, 20_000),
        // 600.00 billed, 500.00 allowed (per-service limit): 80 % of it.
        new LineResult(LineReason.SERVICE_LIMIT, 60_000, 50_000, 0, 10_000, 0, 40_000, 20_000),
        new LineResult(LineReason.EXCLUDED, 100_000, 0, 0, 0, 0, 0, 100_000),
        new LineResult(LineReason.CATEGORY_NOT_COVERED, 5_000, 0, 0, 0, 0, 0, 5_000),
        new LineResult(LineReason.CODE_NOT_COVERED, 1_000, 0, 0, 0, 0, 0, 1_000));
    assertThat(c.adjudication().billed()).isEqualTo(226_000);
    assertThat(c.adjudication().insurerPays()).isEqualTo(80_000);
    assertThat(c.adjudication().patientOwes()).isEqualTo(146_000);
    assertThat(InsuranceReads.usage(ledger.state, policy, 2027)).isEqualTo(new YearUsage(10_000, 80_000));

    // The deductible is met for the year: the next claim pays 80 % from the first cent.
    ledger.today(LocalDate.of(2027, 3, 20));
    Hash next = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(Fixtures.line(patient, "hospital-a", "inpatient", "WARD-DAY", 1, 20_000, "2027-03-19"))));
    assertThat(ledger.claim(next).adjudication().lines().get(0))
        .isEqualTo(new LineResult(LineReason.COVERED, 20_000, 20_000, 0, 4_000, 0, 16_000, 4_000));
  }

  @Test
  void pendsALargeClaimForTheAssessorWhoApprovesItThenTheInsurerPaysExactlyTheAdjudication() {
    Hash policy = policy();
    ledger.today(LocalDate.of(2027, 3, 12));
    Hash small = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(Fixtures.discharge(patient, "2027-03-10")));
    Hash large = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(Fixtures.line(patient, "hospital-a", "surgery", "KNEE-01", 1, 800_000, "2027-03-11"))));
    Claim pended = ledger.claim(large);
    assertThat(pended.status()).isEqualTo(ClaimStatus.PENDED);
    assertThat(pended.pendReason()).contains("above the product's threshold 500000");
    assertThat(pended.pendDeadline()).isEqualTo(ledger.now() + 72 * 3_600_000L);
    assertThat(pended.shownStatus(ledger.now())).isEqualTo("pended");
    assertThat(pended.shownStatus(pended.pendDeadline() + 1)).isEqualTo("escalated");
    // A pended claim counts against nothing until approved.
    assertThat(InsuranceReads.usage(ledger.state, policy, 2027)).isEqualTo(new YearUsage(10_000, 80_000));
    TxOutcome early = ledger.insurance(ledger.insurer, "recordPayment", "claims", large.hex(), "amount", "640000",
        "currency", "EUR", "reference", "SEPA-1");
    assertThat(early.code()).isEqualTo("invalid_transition");

    ledger.ok(ledger.insurer, "approveClaim", "claim", large.hex(), "reason", "operative report reviewed");
    Claim approved = ledger.claim(large);
    assertThat(approved.status()).isEqualTo(ClaimStatus.APPROVED);
    assertThat(approved.decisionReason()).isEqualTo("operative report reviewed");
    assertThat(approved.adjudication().insurerPays()).isEqualTo(640_000);

    TxOutcome wrong = ledger.insurance(ledger.insurer, "recordPayment", "claims", small.hex() + "," + large.hex(), "amount",
        "720001", "currency", "EUR", "reference", "SEPA-2");
    assertThat(wrong.code()).isEqualTo("amount_mismatch");
    assertThat(wrong.message()).contains("720000 EUR");
    Hash payment = ledger.ok(ledger.insurer, "recordPayment", "claims", small.hex() + "," + large.hex(), "amount", "720000",
        "currency", "EUR", "reference", "SEPA-2");
    assertThat(ledger.claim(small).status()).isEqualTo(ClaimStatus.PAID);
    assertThat(ledger.claim(large).payment()).isEqualTo(payment);
    Payment p = InsuranceReads.payment(ledger.state, payment).orElseThrow();
    assertThat(p.payee()).isEqualTo("hospital-a");
    assertThat(p.amount()).isEqualTo(720_000);
    assertThat(p.claims()).containsExactly(small, large);
    ClaimLine ward = ledger.claim(small).lines().get(0);
    assertThat(InsuranceReads.paidLine(ledger.state, ward.lineHash()).paid()).isEqualTo(40_000);

    TxOutcome twice = ledger.insurance(ledger.insurer, "recordPayment", "claims", small.hex(), "amount", "80000",
        "currency", "EUR", "reference", "SEPA-3");
    assertThat(twice.code()).isEqualTo("invalid_transition");
  }

  @Test
  void aSecondInsurerPaysOnlyWhatTheFirstLeftOfALineAndNeverTheSameLineTwice() {
    Hash policy = policy();
    ledger.ok(ledger.otherInsurer, "publishProduct", "product", "top-up", "terms", Fixtures.hex(Fixtures.product()));
    Hash secondary = ledger.ok(ledger.otherInsurer, "issuePolicy", "product", "top-up", "patient", patient.hex(),
        "start", "2027-01-04", "end", "2028-01-04");
    ledger.today(LocalDate.of(2027, 3, 12));
    List<ClaimLine> ward = List.of(Fixtures.line(patient, "hospital-a", "inpatient", "WARD-DAY", 3, 20_000, "2027-03-10"));
    Hash first = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(ward));
    ledger.ok(ledger.insurer, "recordPayment", "claims", first.hex(), "amount", "40000", "currency", "EUR", "reference",
        "SEPA-1");

    // The same service billed to the secondary: it pays at most the 200.00 the primary left.
    Hash second = ledger.ok(ledger.clinician, "submitClaim", "policy", secondary.hex(), "currency", "EUR", "lines",
        Fixtures.hex(ward));
    LineResult r = ledger.claim(second).adjudication().lines().get(0);
    assertThat(r.otherPayer()).isEqualTo(40_000);
    assertThat(r.insurerPays()).isEqualTo(20_000);
    assertThat(r.reason()).isEqualTo(LineReason.OTHER_PAYER);
    assertThat(r.patientOwes()).isZero();
    ledger.ok(ledger.otherInsurer, "recordPayment", "claims", second.hex(), "amount", "20000", "currency", "EUR",
        "reference", "SEPA-B1");
    assertThat(InsuranceReads.paidLine(ledger.state, ward.get(0).lineHash()))
        .isEqualTo(new PaidLine(60_000, new java.util.TreeSet<>(List.of("insurer-a", "insurer-b"))));

    // Paid in full: billing it again, by any hospital to any insurer, is refused.
    List<String> before = ledger.snapshot();
    TxOutcome again = ledger.insurance(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(ward));
    assertThat(again.code()).isEqualTo("already_paid");
    assertThat(again.message()).contains("line 1").contains("WARD-DAY").contains("already paid by insurer-a");
    assertThat(ledger.snapshot()).isEqualTo(before);
  }

  @Test
  void aWithdrawnClaimGivesBackItsDeductibleAndAnnualUsage() {
    Hash policy = policy();
    ledger.today(LocalDate.of(2027, 3, 12));
    Hash id = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(Fixtures.discharge(patient, "2027-03-10")));
    assertThat(InsuranceReads.usage(ledger.state, policy, 2027)).isEqualTo(new YearUsage(10_000, 80_000));
    ledger.ok(ledger.clinician, "withdrawClaim", "claim", id.hex());
    assertThat(ledger.claim(id).status()).isEqualTo(ClaimStatus.WITHDRAWN);
    assertThat(InsuranceReads.usage(ledger.state, policy, 2027)).isEqualTo(YearUsage.NONE);
    TxOutcome pay = ledger.insurance(ledger.insurer, "recordPayment", "claims", id.hex(), "amount", "80000", "currency",
        "EUR", "reference", "SEPA-1");
    assertThat(pay.code()).isEqualTo("invalid_transition");
    assertThat(pay.message()).contains("is withdrawn: it cannot become paid");
  }

  @Test
  void onePaymentCoveringTwoClaimsOfTheSameLinePaysItOnce() {
    Hash policy = policy();
    ledger.today(LocalDate.of(2027, 3, 12));
    List<ClaimLine> ward = List.of(Fixtures.line(patient, "hospital-a", "inpatient", "WARD-DAY", 1, 20_000, "2027-03-10"));
    Hash first = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(ward));
    Hash second = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(ward));
    List<String> before = ledger.snapshot();
    TxOutcome both = ledger.insurance(ledger.insurer, "recordPayment", "claims", first.hex() + "," + second.hex(), "amount",
        "24000", "currency", "EUR", "reference", "SEPA-1");
    assertThat(both.code()).isEqualTo("already_paid");
    assertThat(both.message()).contains("claim " + second.hex() + " line 1 was already paid by insurer-a");
    assertThat(ledger.snapshot()).isEqualTo(before);
  }
}
