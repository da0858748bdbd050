package org.medledger.crypto.smt;

import org.medledger.crypto.Hash;

/**
 * The tree as of one version: its root hash and where the root node is stored ({@code null} for
 * the empty tree, whose root hash is all zeros).
 */
public record TreeRoot(Hash hash, NodeKey node) {
  public static final TreeRoot EMPTY = new TreeRoot(Hash.ZERO, null);

  public boolean isEmpty() {
    return node == null;
  }

  /** root hash ‖ encoded node key (nothing for the empty tree): what a store keeps per version. */
  public byte[] encode() {
    if (node == null) {
      return Hash.ZERO.toBytes();
    }
    byte[] k = node.encode();
    byte[] out = new byte[Hash.LENGTH + k.length];
    System.arraycopy(hash.unsafeBytes(), 0, out, 0, Hash.LENGTH);
    System.arraycopy(k, 0, out, Hash.LENGTH, k.length);
    return out;
  }

  public static TreeRoot decode(byte[] b) {
    if (b.length == Hash.LENGTH) {
      if (!Hash.of(b).equals(Hash.ZERO)) {
        throw new IllegalArgumentException("a tree root without a node must be the empty root");
      }
      return EMPTY;
    }
    if (b.length < Hash.LENGTH + 10) {
      throw new IllegalArgumentException("tree root record of " + b.length + " bytes is too short");
    }
    return new TreeRoot(Hash.of(java.util.Arrays.copyOf(b, Hash.LENGTH)),
        NodeKey.decode(java.util.Arrays.copyOfRange(b, Hash.LENGTH, b.length)));
  }
}
