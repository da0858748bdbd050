package org.medledger.crypto.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.crypto.merkle.MerkleTestSupport.SHA256;
import static org.medledger.crypto.merkle.MerkleTestSupport.leaves;
import static org.medledger.crypto.merkle.MerkleTestSupport.log;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exhaustive for small trees: the O(log n) store-backed algorithms equal the RFC's definitions. */
class RfcAgainstReferenceTest {
  final NaiveMerkleReference ref = new NaiveMerkleReference(SHA256);
  final MerkleVerifier verifier = new MerkleVerifier(SHA256);

  @Test
  void rootsInclusionAndConsistencyProofsMatchTheRfcForEverySizeUpTo70() {
    List<byte[]> all = leaves(70);
    InMemoryLogNodes log = log(SHA256, all);
    for (int n = 1; n <= 70; n++) {
      List<byte[]> d = all.subList(0, n);
      byte[] root = ref.mth(d);
      assertThat(MerkleProofs.rootAt(SHA256, n, log)).as("root of %d", n).isEqualTo(root);
      for (int m = 0; m < n; m++) {
        List<byte[]> p = MerkleProofs.inclusionProof(SHA256, m, n, log);
        assertThat(p).as("path %d of %d", m, n).containsExactlyElementsOf(ref.path(m, d));
        assertThat(verifier.rootFromInclusionProof(m, n, SHA256.leafHash(d.get(m)), p)).isEqualTo(root);
      }
      for (int m = 1; m <= n; m++) {
        List<byte[]> p = MerkleProofs.consistencyProof(SHA256, m, n, log);
        if (m < n) {
          assertThat(p).as("proof %d..%d", m, n).containsExactlyElementsOf(ref.proof(m, d));
        } else {
          assertThat(p).isEmpty();
        }
        assertThat(verifier.verifyConsistency(m, n, ref.mth(all.subList(0, m)), root, p)).as("consistency %d..%d", m, n).isTrue();
      }
    }
  }

  @Test
  void compactTreeRootEqualsTheReferenceAfterEveryAppend() {
    List<byte[]> all = leaves(300);
    CompactMerkleTree t = new CompactMerkleTree(SHA256);
    assertThat(t.rootHash()).isEqualTo(SHA256.emptyRoot());
    for (int n = 1; n <= 300; n++) {
      t.append(SHA256.leafHash(all.get(n - 1)));
      assertThat(t.rootHash()).isEqualTo(ref.mth(all.subList(0, n)));
      assertThat(MerkleProofs.rootOf(SHA256, all.subList(0, n).stream().map(SHA256::leafHash).toList()))
          .isEqualTo(ref.mth(all.subList(0, n)));
    }
  }
}
