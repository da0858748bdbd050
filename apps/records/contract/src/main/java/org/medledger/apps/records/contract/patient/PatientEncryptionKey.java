package org.medledger.apps.records.contract.patient;

import java.security.PublicKey;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;

/**
 * A patient's encryption key, certified by her signing key (holder {@code patient:<id>}, the
 * chain id): the {@code encryptionKeyCertificate} argument of {@code patients.register}. A
 * record's data key is wrapped for her only to this key, never to the key that signs her consents.
 */
public final class PatientEncryptionKey {
  private PatientEncryptionKey() {}

  /** Her certificate, hex, signed by {@code patientKey} (whose public key is her id). */
  public static String certificate(CryptoSuite suite, Signer patientKey, String chainId, PublicKey encryptionKey) {
    PatientId id = PatientId.of(suite.hash(), patientKey.publicKey().getEncoded());
    return Hex.encode(EncryptionKeyCertificate.issue(suite, patientKey, chainId,
        EncryptionKeyCertificate.patientHolder(id.toString()), encryptionKey).encode());
  }
}
