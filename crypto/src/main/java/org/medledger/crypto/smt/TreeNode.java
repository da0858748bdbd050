package org.medledger.crypto.smt;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.medledger.crypto.Hash;

/**
 * A stored node: a leaf (a key and its value) or an internal node (references to 16 children).
 * Encoded canonically: leaf = 0x00 ‖ key hash ‖ value hash ‖ u32 key length ‖ key ‖ u32 value
 * length ‖ value; internal = 0x01 ‖ u16 bitmap of present children ‖ u16 bitmap of those that
 * are leaves ‖ for each present child, in nibble order: hash ‖ u64 version of the node that
 * stores it (bit i of a bitmap is child i).
 */
public sealed interface TreeNode permits TreeNode.Leaf, TreeNode.Internal {
  byte[] encode();

  static TreeNode decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      TreeNode node = switch (in.get()) {
        case 0 -> new Leaf(hash(in), hash(in), chunk(in), chunk(in));
        case 1 -> Internal.read(in);
        default -> throw new IllegalArgumentException("unknown tree node type " + bytes[0]);
      };
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after a tree node");
      }
      return node;
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated tree node", e);
    }
  }

  private static Hash hash(ByteBuffer in) {
    byte[] b = new byte[Hash.LENGTH];
    in.get(b);
    return Hash.of(b);
  }

  private static byte[] chunk(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("tree node field of " + n + " bytes overruns the node");
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  /** A key/value pair at the shallowest position its key hash makes unique. */
  record Leaf(Hash keyHash, Hash valueHash, byte[] key, byte[] value) implements TreeNode {
    @Override
    public byte[] encode() {
      ByteBuffer out = ByteBuffer.allocate(1 + 64 + 8 + key.length + value.length);
      out.put((byte) 0).put(keyHash.unsafeBytes()).put(valueHash.unsafeBytes());
      out.putInt(key.length).put(key).putInt(value.length).put(value);
      return out.array();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Leaf l && l.keyHash.equals(keyHash) && l.valueHash.equals(valueHash)
          && Arrays.equals(l.key, key) && Arrays.equals(l.value, value);
    }

    @Override
    public int hashCode() {
      return keyHash.hashCode() * 31 + valueHash.hashCode();
    }

    @Override
    public String toString() {
      return "Leaf[" + keyHash + "]";
    }
  }

  /**
   * Four levels of the binary tree stored as one node: the 16 subtrees below it, by the next
   * nibble (4 bits) of the key hash. Its hash is the binary tree's over those 16 children (see
   * {@link SparseMerkleTree#internalHash(Internal)}), so storing four levels at once changes no
   * hash and no proof; it cuts the stored nodes, reads and writes per key about fourfold. Its
   * subtree always holds at least two leaves (a lone leaf rises to its parent instead).
   */
  final class Internal implements TreeNode {
    public static final int ARITY = 16;
    private final Child[] children;

    public Internal(Child[] children) {
      if (children.length != ARITY) {
        throw new IllegalArgumentException("an internal node has 16 children, got " + children.length);
      }
      this.children = children.clone();
      for (Child c : this.children) {
        java.util.Objects.requireNonNull(c, "child");
      }
    }

    public Child child(int nibble) {
      return children[nibble];
    }

    /** The children themselves, for this package's readers only: callers must not change them. */
    Child[] children() {
      return children;
    }

    /**
     * The binary tree inside this node, once computed for a hash function: a node kept decoded
     * (in a cache) then proves keys without hashing again. Not part of the encoding.
     */
    private volatile BinaryLevels levels;

    record BinaryLevels(Object hashFunction, Child[] heap) {
    }

    BinaryLevels levels() {
      return levels;
    }

    void levels(BinaryLevels computed) {
      levels = computed;
    }

    @Override
    public byte[] encode() {
      int present = 0;
      int leaves = 0;
      int n = 0;
      for (int i = 0; i < ARITY; i++) {
        if (!children[i].isEmpty()) {
          present |= 1 << i;
          n++;
          if (children[i].kind() == Child.Kind.LEAF) {
            leaves |= 1 << i;
          }
        }
      }
      ByteBuffer out = ByteBuffer.allocate(1 + 2 + 2 + n * (Hash.LENGTH + 8));
      out.put((byte) 1).putShort((short) present).putShort((short) leaves);
      for (Child c : children) {
        if (!c.isEmpty()) {
          out.put(c.hash().unsafeBytes()).putLong(c.version());
        }
      }
      return out.array();
    }

    static Internal read(ByteBuffer in) {
      int present = in.getShort() & 0xffff;
      int leaves = in.getShort() & 0xffff;
      if (present == 0) {
        throw new IllegalArgumentException("an internal tree node without children");
      }
      if ((leaves & ~present) != 0) {
        throw new IllegalArgumentException("an internal tree node marks an absent child as a leaf");
      }
      Child[] children = new Child[ARITY];
      for (int i = 0; i < ARITY; i++) {
        if ((present & (1 << i)) == 0) {
          children[i] = Child.EMPTY;
        } else {
          Hash h = hash(in);
          long version = in.getLong();
          children[i] = new Child((leaves & (1 << i)) != 0 ? Child.Kind.LEAF : Child.Kind.INTERNAL, h, version);
        }
      }
      return new Internal(children);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Internal in && Arrays.equals(in.children, children);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(children);
    }

    @Override
    public String toString() {
      return "Internal" + Arrays.toString(children);
    }
  }

  /** A reference to a child: its hash, and the version whose write stored it (at the child's path). */
  record Child(Kind kind, Hash hash, long version) {
    public static final Child EMPTY = new Child(Kind.EMPTY, Hash.ZERO, 0);

    public enum Kind { EMPTY, LEAF, INTERNAL }

    public boolean isEmpty() {
      return kind == Kind.EMPTY;
    }
  }
}
