package org.medledger.core.runtime;

import java.nio.charset.StandardCharsets;
import java.util.function.BiPredicate;

/**
 * Other contracts' state, by full key, as a running contract sees it ({@link
 * ContractContext#read}, {@link ContractContext#scanOther}: this block's earlier writes
 * included, read-only), for rules written against a {@link StateReader} — e.g. the validator set
 * in force at the block's height, which the records contract's manifest check needs.
 */
public record OtherContractsState(ContractContext ctx) implements StateReader {
  @Override
  public byte[] get(byte[] fullKey) {
    int sep = separator(fullKey);
    if (sep < 0) {
      return null;
    }
    return ctx.read(new String(fullKey, 0, sep, StandardCharsets.UTF_8),
        new String(fullKey, sep + 1, fullKey.length - sep - 1, StandardCharsets.UTF_8));
  }

  @Override
  public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    int sep = separator(prefix);
    if (sep < 0) {
      throw new IllegalArgumentException("a scan of another contract's state names its namespace");
    }
    String namespace = new String(prefix, 0, sep, StandardCharsets.UTF_8);
    ctx.scanOther(namespace, new String(prefix, sep + 1, prefix.length - sep - 1, StandardCharsets.UTF_8),
        (key, value) -> visitor.test(StateKeys.of(namespace, key), value));
  }

  private static int separator(byte[] fullKey) {
    for (int i = 0; i < fullKey.length; i++) {
      if (fullKey[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
