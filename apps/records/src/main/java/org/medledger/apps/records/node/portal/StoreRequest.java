package org.medledger.apps.records.node.portal;

import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * What a clinician signs in her browser to store a record from the portal: the chain (its
 * signing id), her certificate, the patient, the resource's type and category, the digest (the
 * suite's hash: SHA-256 for intl) of
 * the document's exact bytes, when and a fresh nonce. The node stores only the document whose
 * digest she signed, for the patient she signed, so a hijacked session cannot put a record in
 * a patient's file in her name: the ledger's entry names her as the author.
 *
 * <pre>
 * statement = string "medledger/store/v1" ‖ string signingChainId ‖ fixed 32 author ‖ fixed 32 patient
 *             ‖ string resourceType ‖ string category ‖ fixed 32 hash(document) ‖ u64 time ‖ fixed 32 nonce
 * </pre>
 */
record StoreRequest(String signingChainId, Hash author, PatientId patient, String resourceType, String category,
    Hash documentDigest, long time, Hash nonce) {
  static final String DOMAIN = "medledger/store/v1";

  byte[] statement() {
    return new CanonicalWriter(256).string(DOMAIN).string(signingChainId).fixed(author.unsafeBytes(), Hash.LENGTH)
        .fixed(patient.value().unsafeBytes(), Hash.LENGTH).string(resourceType).string(category)
        .fixed(documentDigest.unsafeBytes(), Hash.LENGTH).u64(time).fixed(nonce.unsafeBytes(), Hash.LENGTH).toByteArray();
  }
}
