package org.medledger.core.runtime;

import java.nio.charset.StandardCharsets;
import org.medledger.crypto.Hash;

/**
 * State the ledger itself keeps, in the reserved {@code sys} namespace: one record per committed
 * transaction under its sender and nonce, holding the transaction's log entry (id and outcome).
 * The record is the replay protection: a nonce is used once.
 *
 * <p>The {@code sys} namespace is not in the state tree. Its records are derived from the
 * transaction log alone (a nonce is used iff an earlier log entry's transaction used it), and the
 * log root already commits to every transaction and its outcome; putting them in the tree as
 * well doubled the tree's writes for nothing a proof needs (Fabric's duplicate-transaction check
 * reads its block index the same way).
 */
public final class SystemKeys {
  public static final String NAMESPACE = "sys";

  private SystemKeys() {}

  public static byte[] nonce(Hash sender, long nonce) {
    return StateKeys.of(NAMESPACE, "nonce/" + sender.hex() + "/" + Long.toUnsignedString(nonce, 16));
  }

  private static final byte[] PREFIX = StateKeys.of(NAMESPACE, new byte[0]);

  /** True for a key in the {@code sys} namespace, which the state tree leaves out. */
  public static boolean isSystemKey(byte[] key) {
    return key.length >= PREFIX.length && java.util.Arrays.equals(key, 0, PREFIX.length, PREFIX, 0, PREFIX.length);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
