package org.medledger.vault;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medledger.crypto.Hash;
import org.medledger.crypto.CryptoSuites;
import org.medledger.fuzz.Canonical;

/**
 * A record's shard manifest, which a transaction's argument carries onto the ledger: refused with
 * the IllegalArgumentException its decode documents, or written back unchanged.
 */
class ShardManifestFuzzTest {
  @FuzzTest
  void decodesOrRefuses(byte[] input) {
    ShardManifest manifest;
    try {
      manifest = ShardManifest.decode(input);
    } catch (IllegalArgumentException refused) {
      return;
    }
    Canonical.assertReencodes("ShardManifest.decode", input, manifest.encode());
  }

  /** A current manifest (3 of 4 shards) and a version 1 one (2 of 3). */
  static Map<String, List<byte[]>> seeds() {
    List<Hash> four = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] h = new byte[32];
      h[0] = (byte) i;
      four.add(Hash.of(h));
    }
    ShardManifest current = ShardManifest.of(CryptoSuites.intl().hash(), "AES-256-GCM", new byte[12], 1 << 20, 3, 4, 1234,
        Hash.of(new byte[32]), four);
    ShardManifest v1 = new ShardManifest(1, "SM4-GCM", new byte[12], 65536, 2, 3, 99, Optional.empty(), four.get(0),
        four.subList(0, 3));
    return Map.of("decodesOrRefuses", List.of(current.encode(), v1.encode()));
  }
}
