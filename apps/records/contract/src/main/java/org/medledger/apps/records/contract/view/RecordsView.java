package org.medledger.apps.records.contract.view;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;

/**
 * What another application's contract may read of the health records' state, in plain types: a
 * registered patient's key, whether a hospital has her in its care, whose a record is. The one
 * door (the layering rule lets other contracts import only {@code contract.view}), so records' own
 * classes and keys can change behind it.
 */
public final class RecordsView {
  private RecordsView() {}

  /** The registered patient's public key (X.509 SubjectPublicKeyInfo); empty when no patient has this id. */
  public static Optional<byte[]> patientKey(ContractContext ctx, Hash patient) {
    return PatientContract.find(ctx, new PatientId(patient)).map(p -> p.publicKey());
  }

  /**
   * The patient id a public key (X.509 SubjectPublicKeyInfo, DER) stands for: a member of the
   * {@code patient} role acts for the patient whose id her certificate's key gives.
   */
  public static Hash patientIdOf(org.medledger.crypto.HashFunction hash, byte[] subjectPublicKeyInfo) {
    return PatientId.of(hash, subjectPublicKeyInfo).value();
  }

  /** Whether two patient ids are the same person: equal, or tied by a link both keys signed. */
  public static boolean samePerson(ContractContext ctx, Hash a, Hash b) {
    return PatientContract.samePerson(new OtherContracts(ctx), new PatientId(a), new PatientId(b));
  }

  /** Whether {@code organisation} has the patient in its care list (she signed to be cared for by it). */
  public static boolean caredForBy(ContractContext ctx, Hash patient, String organisation) {
    return PatientContract.caredForBy(ctx, new PatientId(patient), organisation);
  }

  /** The patient a record on the ledger belongs to; empty when no record has this hash. */
  public static Optional<Hash> recordPatient(ContractContext ctx, Hash record) {
    return RecordContract.find(new OtherContracts(ctx), record).map(HealthRecordEntry::patient).map(PatientId::value);
  }

  /**
   * What another contract may build on of a record on the ledger: whose it is, its FHIR resource
   * type and its custodian hospital (care tracking versions only its own CarePlan and Goal
   * records); empty when no record has this hash.
   */
  public static Optional<RecordFacts> recordFacts(ContractContext ctx, Hash record) {
    return RecordContract.find(new OtherContracts(ctx), record)
        .map(e -> new RecordFacts(e.patient().value(), e.resourceType(), e.custodian(), e.erased()));
  }

  /** A record's owner, FHIR resource type, custodian organisation and whether it was erased. */
  public record RecordFacts(Hash patient, String resourceType, String custodian, boolean erased) {}

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
