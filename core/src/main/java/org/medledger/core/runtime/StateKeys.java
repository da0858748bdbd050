package org.medledger.core.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Full state keys: the contract's namespace, a 0x00 separator, then the contract's own key. */
public final class StateKeys {
  private StateKeys() {}

  public static byte[] of(String namespace, String key) {
    return of(namespace, key.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] of(String namespace, byte[] key) {
    byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(ns, ns.length + 1 + key.length);
    System.arraycopy(key, 0, out, ns.length + 1, key.length);
    return out;
  }

  /** The contract's own key within a full key of that namespace. */
  public static String localKey(String namespace, byte[] fullKey) {
    int skip = namespace.getBytes(StandardCharsets.UTF_8).length + 1;
    return new String(fullKey, skip, fullKey.length - skip, StandardCharsets.UTF_8);
  }
}
