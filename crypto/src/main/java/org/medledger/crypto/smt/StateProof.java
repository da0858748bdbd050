package org.medledger.crypto.smt;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * Proves that a state key holds {@code value} — or, when {@code value} is null, that it is absent —
 * in the tree with a given root. {@code siblings} are the sibling hashes from the root down to
 * where the key's path ends: at its own leaf, at an empty subtree, or at {@code otherLeaf}, the one
 * leaf (with a different key hash) that occupies the key's path there.
 */
public record StateProof(byte[] key, byte[] value, List<Hash> siblings, OtherLeaf otherLeaf) {
  public StateProof {
    key = key.clone();
    value = value == null ? null : value.clone();
    siblings = List.copyOf(siblings);
    if (siblings.size() > TreeBits.DEPTH) {
      throw new IllegalArgumentException("a state proof has at most 256 siblings, got " + siblings.size());
    }
    if (value != null && otherLeaf != null) {
      throw new IllegalArgumentException("a proof of a value ends at that key's own leaf");
    }
  }

  /** A leaf of another key found where the proven key would be: shows the key is absent. */
  public record OtherLeaf(Hash keyHash, Hash valueHash) {
  }

  public boolean present() {
    return value != null;
  }

  /**
   * Why this proof does not lead to {@code root} with {@code hash}; empty when it holds. Uses the
   * package's hash definitions only, so any implementation of them can check a proof.
   */
  public Optional<String> problem(HashFunction hash, Hash root) {
    SparseMerkleTree tree = new SparseMerkleTree(hash);
    byte[] kh = hash.hash(key);
    Hash node;
    if (value != null) {
      node = tree.leafHash(Hash.of(kh), Hash.of(hash.hash(value)));
    } else if (otherLeaf != null) {
      if (Arrays.equals(otherLeaf.keyHash().unsafeBytes(), kh)) {
        return Optional.of("the proof of absence ends at a leaf of the very key it says is absent");
      }
      if (!TreeBits.samePrefix(otherLeaf.keyHash().unsafeBytes(), kh, siblings.size())) {
        return Optional.of("the other leaf in the proof of absence does not lie on the key's path");
      }
      node = tree.leafHash(otherLeaf.keyHash(), otherLeaf.valueHash());
    } else {
      node = Hash.ZERO;
      if (siblings.isEmpty() && !root.equals(Hash.ZERO)) {
        return Optional.of("the proof says the tree is empty but the root is " + root);
      }
    }
    for (int depth = siblings.size() - 1; depth >= 0; depth--) {
      Hash sibling = siblings.get(depth);
      node = TreeBits.bit(kh, depth) == 0 ? tree.internalHash(node, sibling) : tree.internalHash(sibling, node);
    }
    if (!node.equals(root)) {
      return Optional.of("the proof leads to state root " + node + ", not " + root);
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateProof p && Arrays.equals(p.key, key) && Arrays.equals(p.value, value)
        && p.siblings.equals(siblings) && java.util.Objects.equals(p.otherLeaf, otherLeaf);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key) * 31 + siblings.hashCode();
  }

  @Override
  public String toString() {
    return "StateProof[" + (value != null ? "present" : "absent") + ", depth " + siblings.size() + "]";
  }
}
