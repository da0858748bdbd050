package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/** Policies: one holder at a time, a transfer needs the holder's and the insurer's signatures, renewals keep each term's schedule, cancellation, history. */
class PolicyTest {
  final InsuranceTestLedger ledger = new InsuranceTestLedger();
  final KeyPair aliceKey = InsuranceTestLedger.newPatientKey(1);
  final KeyPair bobKey = InsuranceTestLedger.newPatientKey(2);
  final Hash alice = ledger.registerPatient(aliceKey, ledger.clinician);
  final Hash bob = ledger.registerPatient(bobKey, ledger.otherClinician);
  final Hash policy;

  PolicyTest() {
    ledger.ok(ledger.insurer, "publishProduct", "product", "basic", "terms", Fixtures.hex(Fixtures.product()));
    policy = ledger.ok(ledger.insurer, "issuePolicy", "product", "basic", "patient", alice.hex(), "start", "2027-01-04",
        "end", "2028-01-04", "group", "employer-1");
  }

  String signedBy(KeyPair holder, Hash newHolder, String group) {
    return Hex.encode(PolicyTransfer.sign(InsuranceTestLedger.SUITE.signatures().signer(holder),
        InsuranceTestLedger.SIGNING_CHAIN, policy, ledger.policy(policy).version(), newHolder, group));
  }

  @Test
  void issuesAPolicyToARegisteredPatientHeldByHerUnderTheProductsCurrentVersion() {
    Policy p = ledger.policy(policy);
    assertThat(p.insured()).isEqualTo(alice);
    assertThat(p.holder()).isEqualTo(alice);
    assertThat(p.group()).isEqualTo("employer-1");
    assertThat(p.terms()).containsExactly(new PolicyTerm(LocalDate.of(2027, 1, 4).toEpochDay(),
        LocalDate.of(2028, 1, 4).toEpochDay(), 1));
    assertThat(InsuranceReads.history(ledger.state, policy)).extracting(PolicyChange::kind).containsExactly("issued");
  }

  @Test
  void aTransferSignedByTheHolderAndSubmittedByTheInsurerMovesThePolicyOnce() {
    String signature = signedBy(aliceKey, bob, "employer-2");
    ledger.ok(ledger.insurer, "transferPolicy", "policy", policy.hex(), "newHolder", bob.hex(), "group", "employer-2",
        "holderSignature", signature);
    Policy p = ledger.policy(policy);
    assertThat(p.holder()).isEqualTo(bob);
    assertThat(p.insured()).isEqualTo(alice);
    assertThat(p.group()).isEqualTo("employer-2");
    assertThat(InsuranceReads.history(ledger.state, policy)).extracting(PolicyChange::kind)
        .containsExactly("issued", "transferred");
    // The signature named the policy's version: replayed, it verifies no more.
    TxOutcome replay = ledger.insurance(ledger.insurer, "transferPolicy", "policy", policy.hex(), "newHolder", bob.hex(),
        "group", "employer-3", "holderSignature", signature);
    assertThat(replay.code()).isEqualTo("invalid_signature");
  }

  @Test
  void aTransferWithOnlyOneOfTheTwoSignaturesIsRefusedAndChangesNothing() {
    List<String> before = ledger.snapshot();
    // The insurer alone: no holder's signature.
    TxOutcome insurerOnly = ledger.insurance(ledger.insurer, "transferPolicy", "policy", policy.hex(), "newHolder",
        bob.hex());
    assertThat(insurerOnly.code()).isEqualTo("missing_signature");
    assertThat(insurerOnly.message()).contains("needs the holder's signature");
    // The insurer with a signature by someone who is not the holder (the new holder herself).
    TxOutcome wrongSigner = ledger.insurance(ledger.insurer, "transferPolicy", "policy", policy.hex(), "newHolder",
        bob.hex(), "holderSignature", signedBy(bobKey, bob, ""));
    assertThat(wrongSigner.code()).isEqualTo("invalid_signature");
    assertThat(wrongSigner.message()).contains("holderSignature does not verify with holder " + alice.hex());
    // The holder's signature without the insurer: a hospital's member relays it; another insurer submits it.
    TxOutcome holderOnly = ledger.insurance(ledger.clinician, "transferPolicy", "policy", policy.hex(), "newHolder",
        bob.hex(), "holderSignature", signedBy(aliceKey, bob, ""));
    assertThat(holderOnly.code()).isEqualTo("forbidden");
    TxOutcome otherInsurer = ledger.insurance(ledger.otherInsurer, "transferPolicy", "policy", policy.hex(), "newHolder",
        bob.hex(), "holderSignature", signedBy(aliceKey, bob, ""));
    assertThat(otherInsurer.code()).isEqualTo("forbidden");
    assertThat(otherInsurer.message()).contains("belongs to insurer insurer-a").contains("insurer-b");
    assertThat(ledger.snapshot()).isEqualTo(before);
  }

  @Test
  void aRenewalAddsATermUnderTheProductsNewVersionAndTheOldTermKeepsItsOwn() {
    ProductTerms richer = new ProductTerms("EUR", 0, 1_000, 2_000_000, 30, Fixtures.product().benefits(),
        Fixtures.product().exclusions(), Fixtures.product().reviewCodes(), 500_000, 72);
    ledger.ok(ledger.insurer, "publishProduct", "product", "basic", "terms", Fixtures.hex(richer));
    ledger.ok(ledger.insurer, "renewPolicy", "policy", policy.hex(), "end", "2029-01-04");
    Policy p = ledger.policy(policy);
    assertThat(p.terms()).extracting(PolicyTerm::productVersion).containsExactly(1, 2);
    assertThat(p.termOn(LocalDate.of(2028, 6, 1).toEpochDay()).orElseThrow().productVersion()).isEqualTo(2);
    assertThat(p.termOn(LocalDate.of(2027, 6, 1).toEpochDay()).orElseThrow().productVersion()).isEqualTo(1);

    // A service in the new term is judged by version 2: no deductible, 90 %.
    ledger.today(LocalDate.of(2028, 2, 2));
    Hash claim = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(Fixtures.line(alice, "hospital-a", "inpatient", "WARD-DAY", 1, 10_000, "2028-02-01"))));
    assertThat(ledger.claim(claim).adjudication().insurerPays()).isEqualTo(9_000);
    TxOutcome shorter = ledger.insurance(ledger.insurer, "renewPolicy", "policy", policy.hex(), "end", "2028-06-01");
    assertThat(shorter.code()).isEqualTo("invalid_argument");
    assertThat(shorter.message()).contains("must be after the policy's current end 2029-01-04");
  }

  @Test
  void aCancelledPolicyCoversCareBeforeTheCancellationAndNothingAfterIt() {
    ledger.today(LocalDate.of(2027, 3, 1));
    TxOutcome backdated = ledger.insurance(ledger.insurer, "cancelPolicy", "policy", policy.hex(), "effective",
        "2027-02-01", "reason", "premium unpaid");
    assertThat(backdated.code()).isEqualTo("invalid_argument");
    assertThat(backdated.message()).contains("does not reach back");
    ledger.ok(ledger.insurer, "cancelPolicy", "policy", policy.hex(), "effective", "2027-03-05", "reason", "premium unpaid");
    assertThat(ledger.policy(policy).status()).isEqualTo(PolicyStatus.CANCELLED);
    ledger.today(LocalDate.of(2027, 3, 10));
    ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(Fixtures.line(alice, "hospital-a", "inpatient", "WARD-DAY", 1, 20_000, "2027-03-04"))));
    TxOutcome after = ledger.insurance(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(List.of(Fixtures.line(alice, "hospital-a", "inpatient", "WARD-DAY", 1, 20_000, "2027-03-05"))));
    assertThat(after.code()).isEqualTo("no_policy_in_force");
    TxOutcome renew = ledger.insurance(ledger.insurer, "renewPolicy", "policy", policy.hex(), "end", "2029-01-04");
    assertThat(renew.code()).isEqualTo("policy_cancelled");
    assertThat(InsuranceReads.history(ledger.state, policy)).extracting(PolicyChange::kind)
        .containsExactly("issued", "cancelled");
  }

  @Test
  void onlyTheIssuingInsurerPublishesItsProductsAndIssuesUnderThem() {
    TxOutcome unknown = ledger.insurance(ledger.otherInsurer, "issuePolicy", "product", "basic", "patient", alice.hex(),
        "start", "2027-01-04", "end", "2028-01-04");
    assertThat(unknown.code()).isEqualTo("unknown_product");
    assertThat(unknown.message()).isEqualTo("insurer insurer-b has published no product 'basic'");
    TxOutcome byHospital = ledger.insurance(ledger.clinician, "publishProduct", "product", "basic", "terms",
        Fixtures.hex(Fixtures.product()));
    assertThat(byHospital.code()).isEqualTo("forbidden");
    // insurer-b's own "basic" is its own product: insurer-a's schedule is untouched.
    ledger.ok(ledger.otherInsurer, "publishProduct", "product", "basic", "terms", Fixtures.hex(Fixtures.product(5)));
    assertThat(InsuranceReads.latestProductVersion(ledger.state, "insurer-a", "basic")).isEqualTo(1);
    assertThat(InsuranceReads.product(ledger.state, "insurer-a", "basic", 1).orElseThrow()).isEqualTo(Fixtures.product());
    TxOutcome unregistered = ledger.insurance(ledger.insurer, "issuePolicy", "product", "basic", "patient", "ab".repeat(32),
        "start", "2027-01-04", "end", "2028-01-04");
    assertThat(unregistered.code()).isEqualTo("unknown_patient");
    TxOutcome past = ledger.insurance(ledger.insurer, "issuePolicy", "product", "basic", "patient", alice.hex(),
        "start", "2026-12-01", "end", "2028-01-04");
    assertThat(past.message()).contains("start 2026-12-01 is before the block's day 2027-01-04");
  }
}
