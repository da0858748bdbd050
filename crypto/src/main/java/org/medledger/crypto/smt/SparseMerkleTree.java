package org.medledger.crypto.smt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * Updates and proves the authenticated state tree (see the package documentation for its hashes).
 * Pure: nodes come from a {@link TreeNodeReader} and updates come back as a {@link TreeUpdate}
 * for the caller to store, so every node computes the same bytes. An update touches only the paths
 * of the changed keys: O(changed keys × depth), depth ≈ log16(keys) stored nodes of four binary
 * levels each.
 */
public final class SparseMerkleTree {
  private static final Comparator<Change> BY_KEY_HASH = (a, b) -> Arrays.compareUnsigned(a.keyHash, b.keyHash);
  private final HashFunction hash;

  public SparseMerkleTree(HashFunction hash) {
    this.hash = hash;
  }

  public HashFunction hashFunction() {
    return hash;
  }

  public Hash keyHash(byte[] key) {
    return Hash.of(hash.hash(key));
  }

  public Hash leafHash(Hash keyHash, Hash valueHash) {
    byte[] buf = new byte[1 + 2 * Hash.LENGTH];
    System.arraycopy(keyHash.unsafeBytes(), 0, buf, 1, Hash.LENGTH);
    System.arraycopy(valueHash.unsafeBytes(), 0, buf, 1 + Hash.LENGTH, Hash.LENGTH);
    return Hash.adopt(hash.hash(buf));
  }

  public Hash internalHash(Hash left, Hash right) {
    byte[] buf = new byte[1 + 2 * Hash.LENGTH];
    buf[0] = 1;
    System.arraycopy(left.unsafeBytes(), 0, buf, 1, Hash.LENGTH);
    System.arraycopy(right.unsafeBytes(), 0, buf, 1 + Hash.LENGTH, Hash.LENGTH);
    return Hash.adopt(hash.hash(buf));
  }

  /** A stored node's hash: the binary tree's over its 16 children. */
  public Hash internalHash(TreeNode.Internal node) {
    TreeNode.Child top = binaryLevels(node)[1];
    if (top.kind() != TreeNode.Child.Kind.INTERNAL) {
      throw new IllegalStateException("an internal node over fewer than two leaves");
    }
    return top.hash();
  }

  /**
   * The binary tree over a node's 16 children as a heap (entry 1 the whole, entries 2i and 2i+1
   * the halves of entry i, entries 16..31 the children): each entry empty, a lone leaf (which
   * stands for its whole subtree, as a lone leaf rises) or an internal node with its hash.
   */
  private TreeNode.Child[] binaryLevels(TreeNode.Internal node) {
    TreeNode.Child[] remembered = rememberedLevels(node);
    return remembered != null ? remembered : binaryLevels(node, null);
  }

  /** A node's binary levels if it already computed them with this tree's hash function. */
  private TreeNode.Child[] rememberedLevels(TreeNode.Internal node) {
    TreeNode.Internal.BinaryLevels memo = node.levels();
    return memo != null && memo.hashFunction() == hash ? memo.heap() : null;
  }

  /** As above, reusing the entries of {@code previous} (another node's levels) whose two halves are unchanged. */
  private TreeNode.Child[] binaryLevels(TreeNode.Internal node, TreeNode.Child[] previous) {
    TreeNode.Child[] heap = new TreeNode.Child[2 * TreeNode.Internal.ARITY];
    System.arraycopy(node.children(), 0, heap, TreeNode.Internal.ARITY, TreeNode.Internal.ARITY);
    for (int i = TreeNode.Internal.ARITY - 1; i >= 1; i--) {
      TreeNode.Child left = heap[2 * i];
      TreeNode.Child right = heap[2 * i + 1];
      if (previous != null && left.equals(previous[2 * i]) && right.equals(previous[2 * i + 1])) {
        heap[i] = previous[i];
      } else if (left.isEmpty() && (right.isEmpty() || right.kind() == TreeNode.Child.Kind.LEAF)) {
        heap[i] = right;
      } else if (right.isEmpty() && left.kind() == TreeNode.Child.Kind.LEAF) {
        heap[i] = left;
      } else {
        heap[i] = new TreeNode.Child(TreeNode.Child.Kind.INTERNAL, internalHash(left.hash(), right.hash()), 0);
      }
    }
    node.levels(new TreeNode.Internal.BinaryLevels(hash, heap));
    return heap;
  }

  /**
   * Applies one version's writes ({@code null} value = delete) to the tree at {@code base}.
   *
   * @param version the new version (block height); must be above every version in the tree
   */
  public TreeUpdate update(TreeNodeReader reader, TreeRoot base, long version, Map<byte[], byte[]> writes) {
    List<Change> changes = new ArrayList<>(writes.size());
    for (Map.Entry<byte[], byte[]> w : writes.entrySet()) {
      byte[] kh = hash.hash(w.getKey());
      changes.add(new Change(kh, w.getKey(), w.getValue(), w.getValue() == null ? null : hash.hash(w.getValue())));
    }
    changes.sort(BY_KEY_HASH);
    for (int i = 1; i < changes.size(); i++) {
      if (Arrays.equals(changes.get(i - 1).keyHash, changes.get(i).keyHash)) {
        throw new IllegalArgumentException("two writes to one key hash " + Hash.of(changes.get(i).keyHash));
      }
    }
    Updater u = new Updater(reader, version);
    Result r = base.isEmpty()
        ? u.build(0, NodeKey.root(version), leavesOf(changes, null))
        : u.update(new TreeNode.Child(u.kindAt(base), base.hash(), base.node().version()), NodeKey.root(base.node().version()), 0, changes);
    TreeRoot root;
    if (r instanceof Empty) {
      root = TreeRoot.EMPTY;
    } else {
      TreeNode.Child c = u.place(r, NodeKey.root(version));
      root = new TreeRoot(c.hash(), NodeKey.root(c.version()));
    }
    return new TreeUpdate(version, root, u.written, u.staled);
  }

  /**
   * A key's value (or its absence) in the tree at {@code root}, with the path that proves it: the
   * binary siblings, four levels per stored node, down to where the key's path ends.
   */
  public StateProof prove(TreeNodeReader reader, TreeRoot root, byte[] key) {
    byte[] kh = hash.hash(key);
    List<Hash> siblings = new ArrayList<>();
    if (root.isEmpty()) {
      return new StateProof(key, null, siblings, null);
    }
    NodeKey at = root.node();
    for (int depth = 0; ; depth += 4) {
      TreeNode node = load(reader, at);
      if (node instanceof TreeNode.Leaf leaf) {
        return ending(key, kh, leaf, siblings);
      }
      TreeNode.Internal internal = (TreeNode.Internal) node;
      TreeNode.Child[] children = internal.children();
      TreeNode.Child[] heap = binaryLevels(internal);
      int nibble = TreeBits.nibble(kh, depth);
      int from = 0;
      for (int half = TreeNode.Internal.ARITY >>> 1; half >= 1; half >>>= 1) {
        int bit = (nibble & half) != 0 ? 1 : 0;
        int mine = from + bit * half;
        int other = from + (1 - bit) * half;
        int level = TreeNode.Internal.ARITY / half;
        siblings.add(heap[level + other / half].hash());
        TreeNode.Child.Kind kind = heap[level + mine / half].kind();
        if (kind == TreeNode.Child.Kind.EMPTY) {
          return new StateProof(key, null, siblings, null);
        }
        if (kind == TreeNode.Child.Kind.LEAF) {
          int slot = mine;
          while (children[slot].isEmpty()) {
            slot++;
          }
          TreeNode.Leaf leaf = (TreeNode.Leaf) load(reader, at.nibbleChild(slot, children[slot].version()));
          return ending(key, kh, leaf, siblings);
        }
        from = mine;
      }
      at = at.nibbleChild(from, children[from].version());
    }
  }

  private static StateProof ending(byte[] key, byte[] keyHash, TreeNode.Leaf leaf, List<Hash> siblings) {
    boolean match = Arrays.equals(leaf.keyHash().unsafeBytes(), keyHash);
    return new StateProof(key, match ? leaf.value() : null, siblings,
        match ? null : new StateProof.OtherLeaf(leaf.keyHash(), leaf.valueHash()));
  }

  private static TreeNode load(TreeNodeReader reader, NodeKey key) {
    return reader.node(key).orElseThrow(() -> new MissingNodeException(key));
  }

  private static List<Pending> leavesOf(List<Change> changes, Pending existing) {
    List<Pending> out = new ArrayList<>(changes.size() + 1);
    boolean existingPlaced = existing == null;
    for (Change c : changes) {
      if (!existingPlaced && Arrays.compareUnsigned(existing.keyHash(), c.keyHash) < 0) {
        out.add(existing);
        existingPlaced = true;
      }
      if (!existingPlaced && Arrays.equals(existing.keyHash(), c.keyHash)) {
        existingPlaced = true;
      }
      if (c.value != null) {
        out.add(new Pending(c, null, null, null));
      }
    }
    if (!existingPlaced) {
      out.add(existing);
    }
    return out;
  }

  /** One write, with its key hash and value hash. */
  private record Change(byte[] keyHash, byte[] key, byte[] value, byte[] valueHash) {
  }

  /** What a subtree became. */
  private sealed interface Result permits Empty, Pending, Placed {
  }

  private record Empty() implements Result {
  }

  private static final Empty EMPTY = new Empty();

  /**
   * A single leaf not yet placed: the parent decides at which depth it ends up (a lone leaf rises
   * to the root of its subtree). {@code stored} is where it is stored already, if it is.
   */
  private record Pending(Change change, TreeNode.Leaf existing, NodeKey stored, Hash storedHash) implements Result {
    byte[] keyHash() {
      return change != null ? change.keyHash : existing.keyHash().unsafeBytes();
    }
  }

  /** An internal node already written (or unchanged) at its path. */
  private record Placed(TreeNode.Child child) implements Result {
  }

  private final class Updater {
    private final TreeNodeReader reader;
    private final long version;
    final List<TreeUpdate.StoredNode> written = new ArrayList<>();
    final List<NodeKey> staled = new ArrayList<>();

    Updater(TreeNodeReader reader, long version) {
      this.reader = reader;
      this.version = version;
    }

    void stale(NodeKey key) {
      if (key.version() >= version) {
        // Only nodes read from the store go stale; they are all older than the version being written.
        throw new IllegalStateException("node " + key + " is not older than version " + version);
      }
      staled.add(key);
    }

    TreeNode.Child.Kind kindAt(TreeRoot root) {
      return load(reader, root.node()) instanceof TreeNode.Leaf ? TreeNode.Child.Kind.LEAF : TreeNode.Child.Kind.INTERNAL;
    }

    /** The subtree whose root is {@code ref}, stored at {@code at}, after {@code changes} (all under this path). */
    Result update(TreeNode.Child ref, NodeKey at, int depth, List<Change> changes) {
      if (ref.isEmpty()) {
        return build(depth, at, leavesOf(changes, null));
      }
      if (changes.isEmpty()) {
        return ref.kind() == TreeNode.Child.Kind.LEAF ? new Pending(null, null, at, ref.hash()) : new Placed(ref);
      }
      TreeNode node = load(reader, at);
      if (node instanceof TreeNode.Leaf leaf) {
        if (unchangedBy(leaf, changes)) {
          return new Pending(null, leaf, at, ref.hash());
        }
        stale(at);
        return build(depth, at, leavesOf(changes, new Pending(null, leaf, null, null)));
      }
      TreeNode.Internal in = (TreeNode.Internal) node;
      Result[] results = new Result[TreeNode.Internal.ARITY];
      boolean changed = false;
      int start = 0;
      for (int nibble = 0; nibble < TreeNode.Internal.ARITY; nibble++) {
        int end = start;
        while (end < changes.size() && TreeBits.nibble(changes.get(end).keyHash, depth) == nibble) {
          end++;
        }
        TreeNode.Child child = in.child(nibble);
        if (start == end) {
          results[nibble] = child.isEmpty() ? EMPTY
              : child.kind() == TreeNode.Child.Kind.INTERNAL ? new Placed(child)
              : new Pending(null, null, at.nibbleChild(nibble, child.version()), child.hash());
          continue;
        }
        NodeKey childAt = at.nibbleChild(nibble, child.version());
        results[nibble] = update(child, childAt, depth + 4, changes.subList(start, end));
        changed |= !same(results[nibble], child, childAt);
        start = end;
      }
      if (!changed) {
        return new Placed(ref);
      }
      stale(at);
      return combine(at, results, rememberedLevels(in));
    }

    /** A fresh subtree of the given leaves (sorted by key hash) whose root is at {@code at}'s path. */
    Result build(int depth, NodeKey at, List<Pending> leaves) {
      if (leaves.isEmpty()) {
        return EMPTY;
      }
      if (leaves.size() == 1) {
        return leaves.get(0);
      }
      Result[] results = new Result[TreeNode.Internal.ARITY];
      int start = 0;
      for (int nibble = 0; nibble < TreeNode.Internal.ARITY; nibble++) {
        int end = start;
        while (end < leaves.size() && TreeBits.nibble(leaves.get(end).keyHash(), depth) == nibble) {
          end++;
        }
        // An empty group needs no path key: only its absence is recorded.
        results[nibble] = start == end ? EMPTY : build(depth + 4, at.nibbleChild(nibble, version), leaves.subList(start, end));
        start = end;
      }
      return combine(at, results, null);
    }

    /**
     * The node at {@code at}'s path over its 16 new children; a lone leaf rises instead.
     * {@code previous}, the binary levels of the node it replaces when known, spares rehashing
     * the parts whose children did not change.
     */
    Result combine(NodeKey at, Result[] results, TreeNode.Child[] previous) {
      Result only = null;
      int nonEmpty = 0;
      for (Result r : results) {
        if (!(r instanceof Empty)) {
          nonEmpty++;
          only = r;
        }
      }
      if (nonEmpty == 0) {
        return EMPTY;
      }
      if (nonEmpty == 1 && only instanceof Pending) {
        return only;
      }
      NodeKey here = atVersion(at);
      TreeNode.Child[] children = new TreeNode.Child[TreeNode.Internal.ARITY];
      for (int nibble = 0; nibble < children.length; nibble++) {
        children[nibble] = placeChild(results[nibble], here, nibble);
      }
      TreeNode.Internal node = new TreeNode.Internal(children);
      written.add(new TreeUpdate.StoredNode(here, node));
      TreeNode.Child top = binaryLevels(node, previous)[1];
      return new Placed(new TreeNode.Child(TreeNode.Child.Kind.INTERNAL, top.hash(), version));
    }

    private NodeKey atVersion(NodeKey at) {
      return at.withVersion(version);
    }

    /** Stores a result as child {@code nibble} of {@code parent} and returns the parent's reference to it. */
    TreeNode.Child placeChild(Result r, NodeKey parent, int nibble) {
      if (r instanceof Pending leaf && !(leaf.stored() != null && leaf.stored().depth() == parent.depth() + 4)) {
        return place(r, parent.nibbleChild(nibble, version));
      }
      return placeAt(r, null, parent.depth() + 4);
    }

    TreeNode.Child place(Result r, NodeKey at) {
      return placeAt(r, at, at.depth());
    }

    /** Stores a result at {@code at} (a path, written by this version; only needed for a leaf that moves) and returns the parent's reference to it. */
    private TreeNode.Child placeAt(Result r, NodeKey at, int depth) {
      if (r instanceof Empty) {
        return TreeNode.Child.EMPTY;
      }
      if (r instanceof Placed p) {
        return p.child();
      }
      Pending leaf = (Pending) r;
      if (leaf.stored() != null && leaf.stored().depth() == depth) {
        return new TreeNode.Child(TreeNode.Child.Kind.LEAF, leaf.storedHash(), leaf.stored().version());
      }
      TreeNode.Leaf l;
      if (leaf.change() != null) {
        Change c = leaf.change();
        l = new TreeNode.Leaf(Hash.of(c.keyHash), Hash.of(c.valueHash), c.key, c.value);
      } else {
        l = leaf.existing() != null ? leaf.existing() : (TreeNode.Leaf) load(reader, leaf.stored());
      }
      if (leaf.stored() != null) {
        stale(leaf.stored());
      }
      written.add(new TreeUpdate.StoredNode(at, l));
      return new TreeNode.Child(TreeNode.Child.Kind.LEAF, leafHash(l.keyHash(), l.valueHash()), version);
    }

    private boolean same(Result r, TreeNode.Child before, NodeKey beforeAt) {
      if (r instanceof Empty) {
        return before.isEmpty();
      }
      if (r instanceof Placed p) {
        return p.child().equals(before);
      }
      Pending leaf = (Pending) r;
      return leaf.stored() != null && !before.isEmpty() && leaf.stored().equals(beforeAt);
    }

    /** Whether the changes leave this leaf's subtree as it is: only deletes of absent keys, or its own value again. */
    private boolean unchangedBy(TreeNode.Leaf leaf, List<Change> changes) {
      for (Change c : changes) {
        boolean mine = Arrays.equals(c.keyHash, leaf.keyHash().unsafeBytes());
        if (mine ? c.value == null || !Arrays.equals(c.value, leaf.value()) : c.value != null) {
          return false;
        }
      }
      return true;
    }
  }
}
