package org.medledger.crypto.smt;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.medledger.crypto.Hash;

/**
 * A stored node: a leaf (a key and its value) or an internal node (references to two children).
 * Encoded canonically: leaf = 0x00 ‖ key hash ‖ value hash ‖ u32 key length ‖ key ‖ u32 value
 * length ‖ value; internal = 0x01 ‖ left ‖ right, each child as 0x00 (empty), or 0x01 (leaf) /
 * 0x02 (internal) ‖ hash ‖ u64 version of the node that stores it.
 */
public sealed interface TreeNode permits TreeNode.Leaf, TreeNode.Internal {
  byte[] encode();

  static TreeNode decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      TreeNode node = switch (in.get()) {
        case 0 -> new Leaf(hash(in), hash(in), chunk(in), chunk(in));
        case 1 -> new Internal(Child.read(in), Child.read(in));
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

  /** Two children, at least one of them not empty, never a single leaf beside an empty side. */
  record Internal(Child left, Child right) implements TreeNode {
    public Child child(int bit) {
      return bit == 0 ? left : right;
    }

    @Override
    public byte[] encode() {
      ByteBuffer out = ByteBuffer.allocate(1 + left.encodedLength() + right.encodedLength());
      out.put((byte) 1);
      left.write(out);
      right.write(out);
      return out.array();
    }
  }

  /** A reference to a child: its hash, and the version whose write stored it (at the child's path). */
  record Child(Kind kind, Hash hash, long version) {
    public static final Child EMPTY = new Child(Kind.EMPTY, Hash.ZERO, 0);

    public enum Kind { EMPTY, LEAF, INTERNAL }

    public boolean isEmpty() {
      return kind == Kind.EMPTY;
    }

    int encodedLength() {
      return kind == Kind.EMPTY ? 1 : 1 + Hash.LENGTH + 8;
    }

    void write(ByteBuffer out) {
      out.put((byte) kind.ordinal());
      if (kind != Kind.EMPTY) {
        out.put(hash.unsafeBytes()).putLong(version);
      }
    }

    static Child read(ByteBuffer in) {
      int k = in.get();
      if (k == 0) {
        return EMPTY;
      }
      if (k != 1 && k != 2) {
        throw new IllegalArgumentException("unknown tree child kind " + k);
      }
      return new Child(k == 1 ? Kind.LEAF : Kind.INTERNAL, TreeNode.hash(in), in.getLong());
    }
  }
}
