package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/**
 * A hospital's node bills for its own clinicians (it hashed the lines with the network's salt):
 * the claim names the clinician as its submitter; a node naming another hospital's clinician, a
 * member who is no clinician, or nobody, and a clinician naming someone, are refused and change
 * nothing.
 */
class NodeBillingTest {
  final InsuranceTestLedger ledger = new InsuranceTestLedger();
  final Caller nodeA = ledger.member("node-a", "hospital-a", "node");
  final Caller nodeB = ledger.member("node-b", "hospital-b", "node");
  final Caller adminA = ledger.member("admin-a", "hospital-a", "admin");
  final Hash patient = ledger.registerPatient(InsuranceTestLedger.newPatientKey(1), ledger.clinician);
  final Hash policy;

  NodeBillingTest() {
    ledger.ok(ledger.insurer, "publishProduct", "product", "basic", "terms", Fixtures.hex(Fixtures.product()));
    policy = ledger.ok(ledger.insurer, "issuePolicy", "product", "basic", "patient", patient.hex(), "start", "2027-01-04",
        "end", "2028-01-04");
    ledger.today(LocalDate.of(2027, 3, 12));
  }

  private String lines() {
    return Fixtures.hex(List.of(Fixtures.line(patient, "hospital-a", "inpatient", "WARD-DAY", 1, 20_000, "2027-03-10")));
  }

  private TxOutcome submit(Caller by, Caller named) {
    return named == null
        ? ledger.insurance(by, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines", lines())
        : ledger.insurance(by, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines", lines(), "clinician",
            named.certificateId().hex());
  }

  @Test
  void aHospitalsNodeBillsInTheNameOfItsOwnClinician() {
    Hash id = ledger.ok(nodeA, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines", lines(), "clinician",
        ledger.clinician.certificateId().hex());
    Claim c = ledger.claim(id);
    assertThat(c.submitter()).isEqualTo("hospital-a");
    assertThat(c.submitterCertificate()).isEqualTo(ledger.clinician.certificateId());
    assertThat(c.status()).isEqualTo(ClaimStatus.ADJUDICATED);
  }

  @Test
  void aNodeNamingAnotherHospitalsClinicianOrANonClinicianOrNoOneIsRefused() {
    List<String> before = ledger.snapshot();
    TxOutcome cheating = submit(nodeB, ledger.clinician);
    assertThat(cheating.code()).isEqualTo("forbidden");
    assertThat(cheating.message()).contains("clinician " + ledger.clinician.certificateId().hex()
        + " is not a valid clinician of hospital-b");
    TxOutcome admin = submit(nodeA, adminA);
    assertThat(admin.code()).isEqualTo("forbidden");
    assertThat(admin.message()).contains("is not a valid clinician of hospital-a");
    TxOutcome unknown = submit(nodeA, ledger.member("gone", "hospital-x", "clinician"));
    assertThat(unknown.code()).isEqualTo("forbidden");
    TxOutcome nobody = submit(nodeA, null);
    assertThat(nobody.code()).isEqualTo("invalid_argument");
    assertThat(nobody.message()).contains("clinician is required when a node submits a claim");
    assertThat(ledger.snapshot()).isEqualTo(before);
  }

  @Test
  void aClinicianSigningHerselfMayNotNameAnotherClinician() {
    List<String> before = ledger.snapshot();
    TxOutcome o = submit(ledger.clinician, ledger.otherClinician);
    assertThat(o.code()).isEqualTo("invalid_argument");
    assertThat(o.message()).contains("clinician is named only by a hospital's node");
    assertThat(ledger.snapshot()).isEqualTo(before);
  }
}
