package org.medledger.crypto.merkle;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.medledger.crypto.CryptoSuites;

/**
 * RFC 9162 inclusion and consistency proofs as a receipt or a client's log-head check hands them
 * over: any index, size, hash and path either leads to a root or is refused with a
 * {@link ProofException} (inclusion), or answers false (consistency), and throws nothing else;
 * and the genuine proofs of a log the fuzzer grows always verify.
 */
class MerkleProofFuzzTest {
  private static final MerkleHasher HASHER = new MerkleHasher(CryptoSuites.intl().hash());
  private static final MerkleVerifier VERIFIER = new MerkleVerifier(HASHER);

  @FuzzTest
  void inclusion(FuzzedDataProvider data) {
    long leafIndex = data.consumeLong();
    long treeSize = data.consumeLong();
    byte[] leafHash = data.consumeBytes(data.consumeInt(0, 40));
    List<byte[]> path = hashes(data);
    try {
      byte[] root = VERIFIER.rootFromInclusionProof(leafIndex, treeSize, leafHash, path);
      if (root.length != 32) {
        throw new AssertionError("an inclusion proof led to a root of " + root.length + " bytes");
      }
    } catch (ProofException refused) {
      // the documented answer to a proof that cannot fit the sizes
    }
  }

  @FuzzTest
  void consistency(FuzzedDataProvider data) {
    long oldSize = data.consumeLong();
    long newSize = data.consumeLong();
    byte[] oldRoot = data.consumeBytes(data.consumeInt(0, 40));
    byte[] newRoot = data.consumeBytes(data.consumeInt(0, 40));
    VERIFIER.verifyConsistency(oldSize, newSize, oldRoot, newRoot, hashes(data));
  }

  /** A log of up to 300 leaves: every leaf's proof and every prefix's consistency proof verify. */
  @FuzzTest
  void genuineProofsVerify(FuzzedDataProvider data) {
    int size = data.consumeInt(1, 300);
    InMemoryLogNodes log = new InMemoryLogNodes(HASHER);
    for (int i = 0; i < size; i++) {
      log.appendLeafHash(HASHER.leafHash(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    long leaf = data.consumeLong(0, size - 1);
    long oldSize = data.consumeLong(0, size);
    byte[] leafHash = HASHER.leafHash(new byte[] {(byte) leaf, (byte) (leaf >> 8)});
    List<byte[]> proof = MerkleProofs.inclusionProof(HASHER, leaf, size, log);
    if (!VERIFIER.verifyInclusion(leaf, size, leafHash, proof, log.rootHash())) {
      throw new AssertionError("the genuine inclusion proof of leaf " + leaf + " in " + size + " does not verify");
    }
    byte[] oldRoot = MerkleProofs.rootAt(HASHER, oldSize, log);
    List<byte[]> consistency = oldSize == 0 ? List.of() : MerkleProofs.consistencyProof(HASHER, oldSize, size, log);
    if (!VERIFIER.verifyConsistency(oldSize, size, oldRoot, log.rootHash(), consistency)) {
      throw new AssertionError("the genuine consistency proof " + oldSize + " → " + size + " does not verify");
    }
    if (size > oldSize && oldSize > 0 && MessageDigest.isEqual(oldRoot, log.rootHash())) {
      throw new AssertionError("two sizes of one log share a root");
    }
  }

  private static List<byte[]> hashes(FuzzedDataProvider data) {
    List<byte[]> path = new ArrayList<>();
    int n = data.consumeInt(0, 70);
    for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
      path.add(data.consumeBoolean() ? data.consumeBytes(32) : data.consumeBytes(data.consumeInt(0, 40)));
    }
    return path;
  }
}
