package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * Issue 15, item 8: each bad input is refused with a code and a message naming what was wrong,
 * and the contract's state is byte for byte what it was.
 */
class BadInputTest {
  final InsuranceTestLedger ledger = new InsuranceTestLedger();
  final Hash patient = ledger.registerPatient(InsuranceTestLedger.newPatientKey(1), ledger.clinician);
  final Hash policy;

  BadInputTest() {
    ledger.ok(ledger.insurer, "publishProduct", "product", "basic", "terms", Fixtures.hex(Fixtures.product()));
    policy = ledger.ok(ledger.insurer, "issuePolicy", "product", "basic", "patient", patient.hex(), "start", "2027-01-04",
        "end", "2028-01-04");
    ledger.today(LocalDate.of(2027, 3, 12));
  }

  void refused(Supplier<TxOutcome> call, String code, String... says) {
    List<String> before = ledger.snapshot();
    TxOutcome o = call.get();
    assertThat(o.success()).as(o.message()).isFalse();
    assertThat(o.code()).as(o.message()).isEqualTo(code);
    for (String s : says) {
      assertThat(o.message()).contains(s);
    }
    assertThat(ledger.snapshot()).as("state after a refused " + code).isEqualTo(before);
  }

  TxOutcome submit(Hash policyId, List<ClaimLine> lines) {
    return submit(policyId, Fixtures.hex(lines));
  }

  TxOutcome submit(Hash policyId, String linesHex) {
    return ledger.insurance(ledger.clinician, "submitClaim", "policy", policyId.hex(), "currency", "EUR", "lines", linesHex);
  }

  ClaimLine ward(String date, int quantity, long unit) {
    return Fixtures.line(patient, "hospital-a", "inpatient", "WARD-DAY", quantity, unit, date);
  }

  @Test
  void aClaimWithoutAPolicyInForceIsRefused() {
    refused(() -> submit(Hash.of(new byte[32]), List.of(ward("2027-03-10", 1, 100))), "unknown_policy",
        "no policy " + "00".repeat(32));
    refused(() -> submit(policy, List.of(ward("2027-03-10", 1, 100), ward("2026-12-30", 1, 100))), "no_policy_in_force",
        "line 2: policy " + policy.hex() + " is not in force on 2026-12-30");
  }

  @Test
  void aServiceBeforeTheWaitingPeriodEndsIsRefused() {
    refused(() -> submit(policy, List.of(ward("2027-01-20", 1, 100))), "waiting_period",
        "line 1: 2027-01-20 is within the waiting period", "services are covered from 2027-02-03");
  }

  @Test
  void aServiceDatedAfterTheBlocksDayIsRefused() {
    refused(() -> submit(policy, List.of(ward("2027-03-13", 1, 100))), "future_service",
        "line 1: date of service 2027-03-13 is after the block's day 2027-03-12");
  }

  @Test
  void negativeAndOverflowingAmountsAreRefused() {
    String negative = Hex.encode(new CanonicalWriter().string(ClaimLine.TAG).u32(1).string("inpatient").string("WARD-DAY")
        .u32(1).u64(-500).string("2027-03-10").string("hospital-a").fixed(new byte[32], 32).u32(0).toByteArray());
    refused(() -> submit(policy, negative), "invalid_argument", "lines: line 1: unitAmount is negative (-500)");
    refused(() -> submit(policy, List.of(ward("2027-03-10", 3, Long.MAX_VALUE / 2))), "amount_overflow",
        "line 1 billed amount overflows");
    refused(() -> submit(policy, List.of(ward("2027-03-10", 1, Long.MAX_VALUE / 2 + 1),
        Fixtures.line(patient, "hospital-a", "inpatient", "WARD-NIGHT", 1, Long.MAX_VALUE / 2 + 1, "2027-03-10"))),
        "amount_overflow", "the claim's billed total overflows");
    Hash claim = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(ward("2027-03-10", 1, 20_000))));
    refused(() -> ledger.insurance(ledger.insurer, "recordPayment", "claims", claim.hex(), "amount", "-1", "currency",
        "EUR", "reference", "SEPA-1"), "invalid_amount", "amount is negative (-1)");
    refused(() -> ledger.insurance(ledger.insurer, "recordPayment", "claims", claim.hex(), "amount", "99999999999999999999",
        "currency", "EUR", "reference", "SEPA-1"), "invalid_amount", "amount must be a whole number of minor units");
  }

  @Test
  void malformedLinesAndAWrongCurrencyAreRefusedNamingTheField() {
    refused(() -> submit(policy, "zz"), "invalid_argument", "lines:");
    refused(() -> submit(policy, List.of(ward("2027-02-30", 1, 100))), "invalid_argument",
        "line 1 dateOfService is no calendar date: '2027-02-30'");
    refused(() -> ledger.insurance(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "USD", "lines",
        Fixtures.hex(List.of(ward("2027-03-10", 1, 100)))), "currency_mismatch", "currency USD is not the policy's (EUR)");
    refused(() -> ledger.insurance(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "euro", "lines",
        Fixtures.hex(List.of(ward("2027-03-10", 1, 100)))), "invalid_argument", "currency: an ISO 4217 currency code");
    refused(() -> submit(policy, List.of(ward("2027-03-10", 1, 100), ward("2027-03-10", 2, 100))), "duplicate_line",
        "line 2 repeats the line hash");
    ClaimLine cited = new ClaimLine("inpatient", "WARD-DAY", 1, 100, "2027-03-10", "hospital-a",
        ward("2027-03-10", 1, 100).lineHash(), List.of(Hash.of(new byte[32])));
    refused(() -> submit(policy, List.of(cited)), "invalid_evidence", "line 1: record " + "00".repeat(32)
        + " is not on the ledger");
    Hash someoneElse = ledger.registerPatient(InsuranceTestLedger.newPatientKey(2), ledger.clinician);
    Hash theirs = ledger.fileRecord(someoneElse, 1);
    ClaimLine citesTheirs = new ClaimLine("inpatient", "WARD-DAY", 1, 100, "2027-03-10", "hospital-a",
        cited.lineHash(), List.of(theirs));
    refused(() -> submit(policy, List.of(citesTheirs)), "invalid_evidence", "line 1: record " + theirs.hex()
        + " is another patient's");
    Hash hers = ledger.fileRecord(patient, 2);
    ClaimLine citesHers = new ClaimLine("inpatient", "WARD-DAY", 1, 100, "2027-03-10", "hospital-a",
        cited.lineHash(), List.of(hers));
    Hash claim = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(citesHers)));
    assertThat(ledger.claim(claim).lines().get(0).evidence()).containsExactly(hers);
  }

  @Test
  void aHospitalBillsOnlyAPatientInItsCareAndOnlyItWithdrawsItsClaim() {
    refused(() -> ledger.insurance(ledger.otherClinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(ward("2027-03-10", 1, 100)))), "not_in_care",
        "has not put hospital-b in her care list");
    Hash claim = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(ward("2027-03-10", 1, 20_000))));
    refused(() -> ledger.insurance(ledger.otherClinician, "withdrawClaim", "claim", claim.hex()), "forbidden",
        "was submitted by hospital-a; a member of hospital-b may not withdraw it");
    refused(() -> ledger.insurance(ledger.insurer, "withdrawClaim", "claim", claim.hex()), "forbidden");
  }

  @Test
  void aMemberOfAnotherInsurerCannotDecideOrPayThisInsurersClaims() {
    Hash small = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(ward("2027-03-10", 1, 20_000))));
    Hash pended = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(Fixtures.line(patient, "hospital-a", "surgery", "TRANSPLANT", 1, 100, "2027-03-10"))));
    assertThat(ledger.claim(pended).pendReason()).isEqualTo("line 1: code TRANSPLANT is marked for review");
    String cheat = "belongs to insurer insurer-a; a member of insurer-b may not act on it";
    refused(() -> ledger.insurance(ledger.otherInsurer, "approveClaim", "claim", pended.hex(), "reason", "ok"), "forbidden",
        cheat);
    refused(() -> ledger.insurance(ledger.otherInsurer, "denyClaim", "claim", pended.hex(), "reason", "no"), "forbidden",
        cheat);
    refused(() -> ledger.insurance(ledger.otherInsurer, "recordPayment", "claims", small.hex(), "amount", "8000",
        "currency", "EUR", "reference", "SEPA-X"), "forbidden", cheat);
    // A hospital's clinician or a regulator decides nothing either: refused by role before the contract runs.
    refused(() -> ledger.insurance(ledger.clinician, "approveClaim", "claim", pended.hex(), "reason", "ok"), "forbidden");
    refused(() -> ledger.insurance(ledger.regulator, "recordPayment", "claims", small.hex(), "amount", "8000",
        "currency", "EUR", "reference", "SEPA-X"), "forbidden");
  }

  @Test
  void aLineAlreadyPaidElsewhereIsRefusedAtSubmissionAndAtPayment() {
    List<ClaimLine> ward = List.of(ward("2027-03-10", 1, 20_000));
    Hash first = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(ward));
    // The same line billed again before the first is paid: both wait, the insurer pays one.
    Hash second = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(ward));
    ledger.ok(ledger.insurer, "recordPayment", "claims", first.hex(), "amount", "8000", "currency", "EUR", "reference",
        "SEPA-1");
    // (The second was adjudicated after the first had met the deductible: 80 % of 200.00.)
    refused(() -> ledger.insurance(ledger.insurer, "recordPayment", "claims", second.hex(), "amount", "16000",
        "currency", "EUR", "reference", "SEPA-2"), "already_paid", "line 1 was already paid by insurer-a");
    refused(() -> submit(policy, ward), "already_paid", "line 1 (WARD-DAY on 2027-03-10) was already paid by insurer-a");
  }
}
