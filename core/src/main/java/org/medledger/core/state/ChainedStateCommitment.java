package org.medledger.core.state;

import org.medledger.core.runtime.WriteSet;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.Hasher;

/**
 * root(h) = H("medledger/state-chain/v1" ‖ root(h-1) ‖ h ‖ each change in key order). Binds the
 * header to all state changes so two nodes that executed differently disagree on the root; it
 * cannot prove a single key (that is the sparse Merkle tree's job).
 */
public final class ChainedStateCommitment implements StateCommitment {
  private static final byte[] DOMAIN = "medledger/state-chain/v1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private final HashFunction hash;

  public ChainedStateCommitment(HashFunction hash) {
    this.hash = hash;
  }

  @Override
  public Hash nextRoot(Hash previousRoot, long height, WriteSet changes) {
    Hasher h = hash.newHasher().update(DOMAIN).update(previousRoot.unsafeBytes()).update(longBytes(height));
    changes.forEach((k, v) -> {
      h.update(intBytes(k.length)).update(k);
      if (v == null) {
        h.update((byte) 0);
      } else {
        h.update((byte) 1).update(intBytes(v.length)).update(v);
      }
    });
    return Hash.of(h.digest());
  }

  private static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (56 - 8 * i));
    }
    return b;
  }
}
