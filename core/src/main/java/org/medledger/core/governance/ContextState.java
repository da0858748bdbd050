package org.medledger.core.governance;

import java.nio.charset.StandardCharsets;
import java.util.function.BiPredicate;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * Full-key reads through the governance contract's context, so the rules that read a {@link
 * StateReader} (Consortium, Membership) see this block's earlier writes and this transaction's
 * own: its namespace through {@code get}, every other read-only through {@code read}.
 */
record ContextState(ContractContext ctx) implements StateReader {
  @Override
  public byte[] get(byte[] fullKey) {
    int sep = 0;
    while (sep < fullKey.length && fullKey[sep] != 0) {
      sep++;
    }
    if (sep == fullKey.length) {
      return null;
    }
    String namespace = new String(fullKey, 0, sep, StandardCharsets.UTF_8);
    String key = new String(fullKey, sep + 1, fullKey.length - sep - 1, StandardCharsets.UTF_8);
    return Consortium.NAMESPACE.equals(namespace) ? ctx.get(key) : ctx.read(namespace, key);
  }

  /** Keys under {@code prefix}, which names its namespace (the upgrades, for the version in force). */
  @Override
  public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    int sep = 0;
    while (sep < prefix.length && prefix[sep] != 0) {
      sep++;
    }
    if (sep == prefix.length) {
      throw new IllegalArgumentException("a consortium lookup's scan names its namespace");
    }
    String namespace = new String(prefix, 0, sep, StandardCharsets.UTF_8);
    String keyPrefix = new String(prefix, sep + 1, prefix.length - sep - 1, StandardCharsets.UTF_8);
    BiPredicate<String, byte[]> byFullKey = (key, value) -> visitor.test(StateKeys.of(namespace, key), value);
    if (Consortium.NAMESPACE.equals(namespace)) {
      ctx.scan(keyPrefix, byFullKey);
    } else {
      ctx.scanOther(namespace, keyPrefix, byFullKey);
    }
  }
}
