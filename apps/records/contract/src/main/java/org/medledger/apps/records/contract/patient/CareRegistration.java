package org.medledger.apps.records.contract.patient;

import java.util.HexFormat;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * What a patient signs to be cared for by an organisation: {@code string "medledger/care/v1" ‖
 * string chainId ‖ fixed 32 patient ‖ string organisation}. Registering a patient proves her key
 * (no one registers a key whose holder did not sign), and joining her care list, which opens her
 * whole view and lets the organisation file records under her, needs her signature naming that
 * organisation: her key is public (any state receipt shows it), so the key alone proves nothing.
 * A custodial patient signs through her custodian's wallet.
 */
public final class CareRegistration {
  private CareRegistration() {}

  public static byte[] statement(String chainId, PatientId patient, String organisation) {
    return new CanonicalWriter(128).string("medledger/care/v1").string(chainId)
        .fixed(patient.value().unsafeBytes(), Hash.LENGTH).string(organisation).toByteArray();
  }

  /** The patient's signature, hex, for the {@code signature} argument of {@code patients.register}. */
  public static String sign(Signer patientKey, String chainId, PatientId patient, String organisation) {
    return HexFormat.of().formatHex(patientKey.sign(statement(chainId, patient, organisation)));
  }

  /** Whether {@code signature} is the holder of {@code publicKey} asking to be cared for by {@code organisation}. */
  public static boolean verifies(CryptoSuite suite, byte[] publicKey, String chainId, String organisation, byte[] signature) {
    try {
      PatientId id = PatientId.of(suite.hash(), publicKey);
      return suite.signatures().verifier(suite.signatures().decodePublicKey(publicKey))
          .verify(statement(chainId, id, organisation), signature);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
