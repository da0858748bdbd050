package org.medledger.node.vault;

import java.security.SecureRandom;

/**
 * A vault request's id: 128 random bits, so that no other validator can guess one it did not see
 * (sequential ids let one validator answer for another: issue 20 finding 10). On the wire {@code
 * fixed 16} (u64 high ‖ u64 low).
 */
record VaultRequestId(long high, long low) {
  static VaultRequestId random(SecureRandom random) {
    return new VaultRequestId(random.nextLong(), random.nextLong());
  }

  @Override
  public String toString() {
    return String.format("%016x%016x", high, low);
  }
}
