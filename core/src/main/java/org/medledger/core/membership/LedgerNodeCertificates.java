package org.medledger.core.membership;

import org.medledger.core.runtime.StateKeys;
import org.medledger.crypto.Hash;

/**
 * Node certificates a passed validator-set change registered: an added validator's, or the new
 * certificate of a rotated one. The governance contract writes each (DER, by certificate id)
 * under its own namespace in the block that passes the change, so {@link Membership} finds them
 * as it finds the genesis validators' and a voted-in validator's node signs transactions
 * (evidence, vault messages) like a genesis validator's, without anyone sending a
 * {@code membership.register}.
 */
public final class LedgerNodeCertificates {
  public static final String PREFIX = "consortium/node-certificate/";

  private LedgerNodeCertificates() {}

  /** The governance contract's local key for certificate {@code id}. */
  public static String key(Hash id) {
    return PREFIX + id.hex();
  }

  public static byte[] fullKey(Hash id) {
    return StateKeys.of(LedgerOrganisations.NAMESPACE, key(id));
  }
}
