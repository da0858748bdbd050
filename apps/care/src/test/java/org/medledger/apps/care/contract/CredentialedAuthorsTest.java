package org.medledger.apps.care.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.apps.credentials.contract.view.CredentialKeys;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/**
 * Issue 16, item 4 for care: once a licensing authority enforces {@code record-care}, a clinician
 * without a credential in force records no plan version and no milestone; before, the role alone
 * decides. The credential's own states (suspended, revoked, expired, lacking the scope) are the
 * credentials contract's CredentialGateTest.
 */
class CredentialedAuthorsTest {
  final CareTestLedger ledger = new CareTestLedger(CareAuthorCheck.CREDENTIALED);
  final Hash patient = ledger.patient(1, ledger.drWang);

  TxOutcome discharge() {
    return ledger.care(ledger.drWang, CareContract.MILESTONE, "patient", patient.hex(), "type", "discharge");
  }

  @Test
  void anUnlicensedClinicianIsRefusedOnceRecordCareIsEnforced() {
    Hash plan = ledger.record(patient, "CarePlan", "hospital-a", 1);
    ledger.ok(ledger.care(ledger.drWang, CareContract.PLAN_VERSION, "patient", patient.hex(), "kind", "CarePlan", "record",
        plan.hex(), "version", "1", "reason", "before enforcement"));
    ledger.ok(discharge());
    // An admin is still no clinician, credential or not.
    assertThat(ledger.care(ledger.adminA, CareContract.MILESTONE, "patient", patient.hex(), "type", "discharge").code())
        .isEqualTo("forbidden");

    ledger.put(CredentialKeys.NAMESPACE, CredentialKeys.enforced(Scope.RECORD_CARE), new CanonicalWriter().u64(1).toByteArray());
    List<String> before = ledger.snapshot();
    TxOutcome unlicensed = discharge();
    assertThat(unlicensed.code()).isEqualTo("credential_required");
    assertThat(unlicensed.message()).contains("dr-wang of hospital-a holds no credential", "record-care");
    Hash next = ledger.record(patient, "CarePlan", "hospital-a", 2);
    TxOutcome version = ledger.care(ledger.nodeA, CareContract.PLAN_VERSION, "author", ledger.drWang.certificateId().hex(),
        "patient", patient.hex(), "kind", "CarePlan", "record", next.hex(), "version", "2", "previous", plan.hex(), "reason", "after");
    assertThat(version.code()).as("through her node too").isEqualTo("credential_required");
    assertThat(ledger.snapshot()).isEqualTo(before);
  }
}
