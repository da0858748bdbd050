package org.medledger.apps.records.contract.record;

import org.medledger.core.codec.CanonicalWriter;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;

/**
 * What a patient signs to have their records erased: {@code string "medledger/erasure/v2" ‖
 * string chainId ‖ fixed 32 patient ‖ string custodian ‖ u64 upToHeight ‖ string reference}. It
 * names the custodian that relays it (its clinician's or admin's transaction signature is the
 * custodian's countersignature) and reaches only the records that custodian registered at or
 * before {@code upToHeight}, so a request replayed later erases nothing registered after it; and
 * each reference is spent once per patient and custodian (issue 22, finding 5: v1 named neither,
 * and one signature erased records filed after it at two hospitals).
 */
public final class ErasureRequest {
  private ErasureRequest() {}

  public static byte[] statement(String chainId, PatientId patient, String custodian, long upToHeight, String reference) {
    return new CanonicalWriter(160).string("medledger/erasure/v2").string(chainId)
        .fixed(patient.value().unsafeBytes(), Hash.LENGTH).string(custodian).u64(upToHeight).string(reference).toByteArray();
  }
}
