package org.medledger.core.runtime;

import java.nio.charset.StandardCharsets;
import org.medledger.crypto.Hash;

/**
 * State the ledger itself keeps, in the reserved {@code sys} namespace: used nonces (replay
 * protection) and each transaction's outcome (so success or failure is part of the state root).
 */
public final class SystemKeys {
  public static final String NAMESPACE = "sys";

  private SystemKeys() {}

  public static byte[] nonce(Hash sender, long nonce) {
    return StateKeys.of(NAMESPACE, "nonce/" + sender.hex() + "/" + Long.toUnsignedString(nonce, 16));
  }

  public static byte[] outcome(Hash txId) {
    return StateKeys.of(NAMESPACE, "outcome/" + txId.hex());
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
