package org.medledger.crypto.merkle;

import java.util.ArrayList;
import java.util.List;
import org.medledger.crypto.CryptoSuites;

final class MerkleTestSupport {
  static final MerkleHasher SHA256 = new MerkleHasher(CryptoSuites.intl().hash());
  static final MerkleHasher SM3 = new MerkleHasher(CryptoSuites.gm().hash());

  static List<byte[]> leaves(int n) {
    List<byte[]> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(("leaf-" + i).getBytes());
    }
    return l;
  }

  static InMemoryLogNodes log(MerkleHasher h, List<byte[]> leaves) {
    InMemoryLogNodes log = new InMemoryLogNodes(h);
    leaves.forEach(d -> log.appendLeafHash(h.leafHash(d)));
    return log;
  }
}
