package org.medledger.core.runtime;

import java.nio.charset.StandardCharsets;
import org.medledger.crypto.Hash;

/**
 * State the ledger itself keeps, in the reserved {@code sys} namespace: one record per committed
 * transaction under its sender and nonce, holding the transaction id and its outcome. The record
 * is the replay protection (a nonce is used once) and puts each outcome under the state root; one
 * record rather than a nonce and an outcome halves the ledger's own writes to the state tree.
 */
public final class SystemKeys {
  public static final String NAMESPACE = "sys";

  private SystemKeys() {}

  public static byte[] nonce(Hash sender, long nonce) {
    return StateKeys.of(NAMESPACE, "nonce/" + sender.hex() + "/" + Long.toUnsignedString(nonce, 16));
  }

  /** The record kept under {@link #nonce}: transaction id ‖ outcome status. */
  public static byte[] transactionRecord(Hash txId, TxOutcome outcome) {
    byte[] status = outcome.encodeStatus();
    byte[] out = new byte[Hash.LENGTH + status.length];
    System.arraycopy(txId.unsafeBytes(), 0, out, 0, Hash.LENGTH);
    System.arraycopy(status, 0, out, Hash.LENGTH, status.length);
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
