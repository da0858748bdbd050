package org.medledger.crypto.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.crypto.merkle.MerkleTestSupport.SHA256;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proof elements are hashes: bytes of another length are refused, not hashed into a node. */
class ProofElementLengthTest {
  private final MerkleHasher merkle = SHA256;
  private final MerkleVerifier verifier = new MerkleVerifier(merkle);

  @Test
  void anAuditPathElementOfAnotherLengthCannotShiftBytesIntoTheLeaf() {
    byte[] l0 = merkle.leafHash("first".getBytes());
    byte[] l1 = merkle.leafHash("second".getBytes());
    byte[] root = merkle.nodeHash(l0, l1);
    assertThat(verifier.verifyInclusion(1, 2, l1, List.of(l0), root)).isTrue();
    // H(0x01 ‖ p ‖ leaf) is the same root when p takes one byte of the real leaf: a 31-byte "leaf"
    // that no tree holds would be proven by a 33-byte element.
    byte[] element = Arrays.copyOf(l0, 33);
    element[32] = l1[0];
    byte[] fakeLeaf = Arrays.copyOfRange(l1, 1, 32);
    assertThat(merkle.nodeHash(element, fakeLeaf)).isEqualTo(root);
    assertThat(verifier.verifyInclusion(1, 2, fakeLeaf, List.of(element), root)).isFalse();
    assertThatThrownBy(() -> verifier.rootFromInclusionProof(1, 2, l1, List.of(element))).isInstanceOf(ProofException.class)
        .hasMessageContaining("element 0 is not a 32-byte hash");
  }

  @Test
  void aConsistencyProofWithAnElementOfAnotherLengthDoesNotVerify() {
    byte[][] leaves = new byte[3][];
    for (int i = 0; i < 3; i++) {
      leaves[i] = merkle.leafHash(new byte[] {(byte) i});
    }
    byte[] root2 = merkle.nodeHash(leaves[0], leaves[1]);
    byte[] root3 = merkle.nodeHash(root2, leaves[2]);
    assertThat(verifier.verifyConsistency(2, 3, root2, root3, List.of(leaves[2]))).isTrue();
    assertThat(verifier.verifyConsistency(2, 3, root2, root3, List.of(Arrays.copyOf(leaves[2], 33)))).isFalse();
    assertThat(verifier.verifyConsistency(2, 3, Arrays.copyOf(root2, 31), root3, List.of(leaves[2]))).isFalse();
  }
}
