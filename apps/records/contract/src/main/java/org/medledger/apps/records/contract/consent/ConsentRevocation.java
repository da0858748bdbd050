package org.medledger.apps.records.contract.consent;

import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * What a patient signs to revoke a consent: {@code string "medledger/consent-revoke/v1" ‖ string
 * chainId ‖ fixed 32 consent id}. Bound to the chain and the consent, so it can be neither
 * replayed elsewhere nor turned against another consent.
 */
public final class ConsentRevocation {
  private ConsentRevocation() {}

  public static byte[] statement(String chainId, Hash consentId) {
    return new CanonicalWriter(96).string("medledger/consent-revoke/v1").string(chainId)
        .fixed(consentId.unsafeBytes(), Hash.LENGTH).toByteArray();
  }
}
