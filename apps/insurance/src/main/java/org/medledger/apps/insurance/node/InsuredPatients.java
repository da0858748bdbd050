package org.medledger.apps.insurance.node;

import java.security.KeyPair;
import java.util.Map;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * Registers a patient in a hospital's care through the records application's patient registry,
 * for the benchmark and (next) the demo chapter: the node part's only use of the records
 * application's patient classes, so moving them changes only these imports.
 */
final class InsuredPatients {
  private InsuredPatients() {}

  /**
   * The patient a member's certificate is, when it is a registered patient's (her id is the hash
   * of her certificate's public key), else empty: never the token's word.
   */
  static java.util.Optional<Hash> patientOf(org.medledger.core.membership.Membership membership,
      org.medledger.core.runtime.StateReader state, org.medledger.crypto.HashFunction hash, Hash certificateId) {
    return membership.certificate(state, certificateId)
        .map(c -> PatientId.of(hash, c.getPublicKey().getEncoded()))
        .filter(id -> org.medledger.apps.records.contract.patient.PatientContract.find(state, id).isPresent())
        .map(PatientId::value);
  }

  /** Whether two patient ids are the same person (a rotated key keeps one person). */
  static boolean samePerson(org.medledger.core.runtime.StateReader state, Hash a, Hash b) {
    return a.equals(b) || org.medledger.apps.records.contract.patient.PatientContract.samePerson(state, new PatientId(a), new PatientId(b));
  }

  /** Her pseudonymous patient id: the hash of her public key, as records registers her. */
  static Hash idOf(CryptoSuite suite, byte[] publicKey) {
    return PatientId.of(suite.hash(), publicKey).value();
  }

  /**
   * Registers a patient who holds her own key at {@code hospital} too (she signs that hospital's
   * name: she was referred there); the committed answer.
   */
  static com.fasterxml.jackson.databind.JsonNode registerSelfCustodied(MedLedgerClient client, TransactionBuilder hospitalMember,
      CryptoSuite suite, String chainId, org.medledger.crypto.Signer patientKey, byte[] publicKey, String hospital) {
    PatientId id = PatientId.of(suite.hash(), publicKey);
    return client.submit(hospitalMember.build("patients", "register", Map.of("publicKey", Hex.encode(publicKey), "custody", "self",
        "signature", CareRegistration.sign(patientKey, chainId, id, hospital))), true);
  }

  /** Registers {@code key}'s holder at {@code hospital} with her signature naming it, and waits for the commit; her id. */
  static Hash register(MedLedgerClient client, TransactionBuilder hospitalMember, CryptoSuite suite, String chainId,
      KeyPair key, String hospital) {
    PatientId id = PatientId.of(suite.hash(), key.getPublic().getEncoded());
    client.submit(hospitalMember.build("patients", "register", Map.of("publicKey", Hex.encode(key.getPublic().getEncoded()),
        "signature", CareRegistration.sign(suite.signatures().signer(key), chainId, id, hospital))), true);
    return id.value();
  }
}
