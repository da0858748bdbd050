package org.medledger.apps.insurance.contract;

import java.util.Optional;
import org.medledger.apps.records.contract.view.RecordsView;
import org.medledger.core.runtime.ContractContext;
import org.medledger.crypto.Hash;

/**
 * What the insurance contract reads of the health records application's state, through records'
 * view (the only part of another application's contract a contract may use): whether a patient is
 * registered (and her public key, which verifies her signatures), whether a hospital has her in
 * its care, and the records a claim cites.
 */
final class RecordsOnLedger {
  private RecordsOnLedger() {}

  /** The registered patient's public key (X.509 SubjectPublicKeyInfo); empty when no patient has this id. */
  static Optional<byte[]> patientKey(ContractContext ctx, Hash patient) {
    return RecordsView.patientKey(ctx, patient);
  }

  /** Whether {@code organisation} has the patient in its care list (she signed to be cared for by it). */
  static boolean caredForBy(ContractContext ctx, Hash patient, String organisation) {
    return RecordsView.caredForBy(ctx, patient, organisation);
  }

  /** Why {@code record} cannot evidence a claim for {@code patient}, or empty when it can. */
  static Optional<String> evidenceProblem(ContractContext ctx, Hash record, Hash patient) {
    Optional<Hash> owner = RecordsView.recordPatient(ctx, record);
    if (owner.isEmpty()) {
      return Optional.of("record " + record.hex() + " is not on the ledger");
    }
    if (!owner.get().equals(patient)) {
      return Optional.of("record " + record.hex() + " is another patient's");
    }
    return Optional.empty();
  }
}
