package org.medledger.core.record;

import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.patient.PatientId;
import org.medledger.crypto.Hash;

/**
 * What a patient signs to have their records erased: {@code string "medledger/erasure/v1" ‖
 * string chainId ‖ fixed 32 patient ‖ string reference}. The custodian hospital relays it, so its
 * clinician's or admin's transaction signature is the custodian's countersignature.
 */
public final class ErasureRequest {
  private ErasureRequest() {}

  public static byte[] statement(String chainId, PatientId patient, String reference) {
    return new CanonicalWriter(128).string("medledger/erasure/v1").string(chainId)
        .fixed(patient.value().unsafeBytes(), Hash.LENGTH).string(reference).toByteArray();
  }
}
