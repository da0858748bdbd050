package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/**
 * Issue 16 item 4 for claims, through the real executor with the real credentials contract: once
 * the regulator enforces {@code sign-claims}, a clinician whose credential lacks that scope, or who
 * holds none, cannot submit a claim, and nothing of the insurance state changes; with the scope in
 * force she bills as before. {@code ClaimantCheck.CREDENTIAL_IN_FORCE} is what the insurance
 * application passes on a chain whose genesis runs the credentials application.
 */
class CredentialedClaimsTest {
  final InsuranceTestLedger ledger = new InsuranceTestLedger(ClaimantCheck.CREDENTIAL_IN_FORCE);
  final Hash patient = ledger.registerPatient(InsuranceTestLedger.newPatientKey(1), ledger.clinician);

  Hash policy() {
    ledger.ok(ledger.insurer, "publishProduct", "product", "basic", "terms", Fixtures.hex(Fixtures.product()));
    return ledger.ok(ledger.insurer, "issuePolicy", "product", "basic", "patient", patient.hex(), "start", "2027-01-04",
        "end", "2028-01-04");
  }

  TxOutcome license(Caller clinician, String licence, String scopes) {
    return ledger.run(ledger.tx(ledger.regulator, "credentials", "issue", "licence", licence, "holder",
        clinician.certificateId().hex(), "profession", "Physician", "scopes", scopes, "validFrom",
        Long.toString(ledger.now() - 86_400_000L), "validUntil", Long.toString(ledger.now() + 365 * 86_400_000L),
        "document", "ab".repeat(32)));
  }

  TxOutcome bill(Caller by, Hash policy) {
    return ledger.insurance(by, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Fixtures.hex(Fixtures.discharge(patient, "2027-03-10")));
  }

  @Test
  void onceSignClaimsIsEnforcedOnlyAClinicianWithThatScopeInForceSubmitsAClaim() {
    Hash policy = policy();
    ledger.today(LocalDate.of(2027, 3, 12));
    assertThat(bill(ledger.clinician, policy).success()).as("not enforced yet: as before").isTrue();

    assertThat(license(ledger.clinician, "RG-1", "prescribe,break-glass").success()).isTrue();
    assertThat(ledger.run(ledger.tx(ledger.regulator, "credentials", "enforce", "scope", "sign-claims")).success()).isTrue();
    List<String> before = ledger.snapshot();
    TxOutcome lacking = bill(ledger.clinician, policy);
    assertThat(lacking.code()).isEqualTo("credential_lacks_scope");
    assertThat(lacking.message()).contains("dr-a of hospital-a may not sign-claims").contains("regulator licence RG-1");
    TxOutcome none = bill(ledger.otherClinician, policy);
    assertThat(none.code()).isEqualTo("credential_required");
    assertThat(ledger.snapshot()).as("nothing of insurance changed").isEqualTo(before);

    assertThat(license(ledger.clinician, "RG-2", "sign-claims").success()).isTrue();
    TxOutcome billed = bill(ledger.clinician, policy);
    assertThat(billed.success()).as(billed.code() + ": " + billed.message()).isTrue();

    assertThat(ledger.run(ledger.tx(ledger.regulator, "credentials", "suspend", "issuer", "regulator", "licence", "RG-2",
        "reason", "billing audit")).success()).isTrue();
    assertThat(bill(ledger.clinician, policy).code()).isEqualTo("credential_suspended");
  }
}
