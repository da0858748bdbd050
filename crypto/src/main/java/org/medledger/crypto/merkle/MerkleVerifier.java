package org.medledger.crypto.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * RFC 9162 §2.1.3.2 and §2.1.4.2 verification, step for step. Every proof element, leaf hash and
 * root must be one hash long: an element of another length would be hashed into a node all the
 * same, letting bytes that are no node of any tree stand in the path.
 */
public final class MerkleVerifier {
  private final MerkleHasher h;

  public MerkleVerifier(MerkleHasher h) {
    this.h = h;
  }

  private boolean allHashes(List<byte[]> elements) {
    for (byte[] e : elements) {
      if (e == null || e.length != h.hashFunction().digestLength()) {
        return false;
      }
    }
    return true;
  }

  /** The root an inclusion proof leads to; ProofException when the proof cannot fit the sizes. */
  public byte[] rootFromInclusionProof(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof) {
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new ProofException("leaf index " + leafIndex + " is outside a tree of size " + treeSize);
    }
    int size = h.hashFunction().digestLength();
    if (leafHash == null || leafHash.length != size) {
      throw new ProofException("the leaf hash is not " + size + " bytes");
    }
    for (int i = 0; i < proof.size(); i++) {
      if (proof.get(i) == null || proof.get(i).length != size) {
        throw new ProofException("audit path element " + i + " is not a " + size + "-byte hash");
      }
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        throw new ProofException("inclusion proof is longer than a tree of size " + treeSize + " allows");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = h.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = h.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new ProofException("inclusion proof is shorter than a tree of size " + treeSize + " needs");
    }
    return r;
  }

  public boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] expectedRoot) {
    try {
      return MessageDigest.isEqual(rootFromInclusionProof(leafIndex, treeSize, leafHash, proof), expectedRoot);
    } catch (ProofException e) {
      return false;
    }
  }

  /** True when the proof shows the tree of {@code oldSize} leaves is a prefix of the one of {@code newSize}. */
  public boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (oldSize < 0 || newSize < oldSize || !allHashes(proof) || !allHashes(List.of(oldRoot, newRoot))) {
      // Every element of a proof is a node hash (RFC 9162 §2.1.4): bytes of any other length are no proof.
      return false;
    }
    if (oldSize == newSize) {
      return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
    }
    if (oldSize == 0) {
      // Every tree extends the empty one; RFC 9162 defines no proof for it.
      return proof.isEmpty();
    }
    if (proof.isEmpty()) {
      return false;
    }
    List<byte[]> path = proof;
    if (Long.bitCount(oldSize) == 1) {
      path = new java.util.ArrayList<>(proof.size() + 1);
      path.add(oldRoot);
      path.addAll(proof);
    }
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = h.nodeHash(c, fr);
        sr = h.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = h.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
  }
}
