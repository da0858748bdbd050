package org.medledger.apps.insurance.contract;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.medledger.core.patient.PatientContract;
import org.medledger.core.patient.PatientId;
import org.medledger.core.record.HealthRecordEntry;
import org.medledger.core.record.RecordContract;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;

/**
 * What the insurance contract reads of the health records application's state: whether a patient
 * is registered (and her public key, which verifies her signatures), whether a hospital has her in
 * its care, and the records a claim cites. The only file that names the records application's
 * contract classes, so moving them to their own artifact changes only its imports.
 */
final class RecordsOnLedger {
  private RecordsOnLedger() {}

  /** The registered patient's public key (X.509 SubjectPublicKeyInfo); empty when no patient has this id. */
  static Optional<byte[]> patientKey(ContractContext ctx, Hash patient) {
    return PatientContract.find(ctx, new PatientId(patient)).map(p -> p.publicKey());
  }

  /** Whether {@code organisation} has the patient in its care list (she signed to be cared for by it). */
  static boolean caredForBy(ContractContext ctx, Hash patient, String organisation) {
    return PatientContract.caredForBy(ctx, new PatientId(patient), organisation);
  }

  /** Why {@code record} cannot evidence a claim for {@code patient}, or empty when it can. */
  static Optional<String> evidenceProblem(ContractContext ctx, Hash record, Hash patient) {
    Optional<HealthRecordEntry> entry = RecordContract.find(new OtherContracts(ctx), record);
    if (entry.isEmpty()) {
      return Optional.of("record " + record.hex() + " is not on the ledger");
    }
    if (!entry.get().patient().value().equals(patient)) {
      return Optional.of("record " + record.hex() + " is another patient's");
    }
    return Optional.empty();
  }

  /** Other contracts' state as a transaction sees it, read-only, for their static finders. */
  private record OtherContracts(ContractContext ctx) implements StateReader {
    @Override
    public byte[] get(byte[] key) {
      int sep = separator(key);
      return ctx.read(new String(key, 0, sep, StandardCharsets.UTF_8), StateKeys.localKey(namespace(key), key));
    }

    @Override
    public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
      String ns = namespace(prefix);
      String local = StateKeys.localKey(ns, prefix);
      ctx.scanOther(ns, local, (k, v) -> visitor.test(StateKeys.of(ns, k), v));
    }

    private static String namespace(byte[] key) {
      return new String(key, 0, separator(key), StandardCharsets.UTF_8);
    }

    private static int separator(byte[] key) {
      for (int i = 0; i < key.length; i++) {
        if (key[i] == 0) {
          return i;
        }
      }
      throw new IllegalArgumentException("a state key holds its namespace, a 0x00, then the contract's key");
    }
  }
}
